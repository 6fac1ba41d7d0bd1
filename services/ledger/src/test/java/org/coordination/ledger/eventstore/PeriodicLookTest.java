package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A look once per interval from the start, and one more when asked, ahead of the interval's; none before or after. */
class PeriodicLookTest {

    @Test
    void aLookAskedForComesAheadOfTheInterval() throws Exception {
        AtomicInteger looks = new AtomicInteger();
        PeriodicLook look = new PeriodicLook("test-look", looks::incrementAndGet, Duration.ofHours(1), Duration.ofSeconds(5));
        look.lookNow();
        Thread.sleep(100);
        assertThat(looks).as("not started: nothing").hasValue(0);

        look.start();
        Awaitility.await("the first look, at the start").atMost(Duration.ofSeconds(5)).untilAtomic(looks, org.hamcrest.Matchers.is(1));
        look.lookNow();
        Awaitility.await("one more, asked for, an hour before the interval's").atMost(Duration.ofSeconds(5))
                .untilAtomic(looks, org.hamcrest.Matchers.is(2));

        look.stop();
        look.lookNow();
        Thread.sleep(100);
        assertThat(looks).as("stopped: nothing").hasValue(2);
    }
}
