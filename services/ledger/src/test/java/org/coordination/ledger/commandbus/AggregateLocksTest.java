package org.coordination.ledger.commandbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.lock.Lock;
import org.axonframework.common.lock.LockAcquisitionFailedException;
import org.junit.jupiter.api.Test;

/** The aggregates' in-process locks outside a group commit: exclusive, waited for up to the limit, reentrant, cleaned up. */
class AggregateLocksTest {

    final AggregateLocks locks = new AggregateLocks(Duration.ofSeconds(5));

    @Test
    void aSecondThreadWaitsUntilTheFirstReleases() throws Exception {
        Lock first = locks.obtainLock("Force:isf");
        CountDownLatch trying = new CountDownLatch(1);
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
            trying.countDown();
            Lock lock = locks.obtainLock("Force:isf");
            boolean held = lock.isHeld();
            lock.release();
            return held;
        });
        trying.await();
        assertThat(second).as("held by the first").isNotDone();
        Thread.sleep(100);
        assertThat(second).as("still held by the first").isNotDone();
        first.release();
        assertThat(second.get(5, TimeUnit.SECONDS)).as("the second thread held it once released").isTrue();
        assertThat(first.isHeld()).isFalse();
        assertThat(locks.entries()).isZero();
    }

    @Test
    void anotherAggregateIsNotWaitedFor() {
        Lock force = locks.obtainLock("Force:isf");
        assertThat(CompletableFuture.supplyAsync(() -> {
            Lock other = locks.obtainLock("CommandStructure:isf");
            other.release();
            return true;
        }).orTimeout(1, TimeUnit.SECONDS).join()).isTrue();
        force.release();
    }

    @Test
    void aLockHeldPastTheLimitFailsTheWaiterAndLeavesNothingBehind() throws Exception {
        AggregateLocks quick = new AggregateLocks(Duration.ofMillis(50));
        Lock held = quick.obtainLock("Mandate:m");
        assertThatThrownBy(() -> CompletableFuture.supplyAsync(() -> quick.obtainLock("Mandate:m")).join())
                .hasCauseInstanceOf(LockAcquisitionFailedException.class).hasMessageContaining("Mandate:m");
        held.release();
        assertThat(quick.entries()).isZero();
    }

    @Test
    void aThreadMayTakeItsOwnLockAgainAndEachReleaseCounts() {
        Lock outer = locks.obtainLock("Contribution:isf-idn");
        Lock inner = locks.obtainLock("Contribution:isf-idn");
        inner.release();
        inner.release(); // a second release of the same lock changes nothing
        assertThat(outer.isHeld()).isTrue();
        outer.release();
        assertThat(outer.isHeld()).isFalse();
        assertThat(locks.entries()).isZero();
    }
}
