package org.coordination.ledger.commandbus;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.axonframework.common.lock.Lock;
import org.axonframework.common.lock.LockAcquisitionFailedException;
import org.axonframework.common.lock.LockFactory;

/**
 * The in-process lock on each aggregate while a command is handled (every aggregate's
 * {@code @Aggregate(lockFactory = "ledgerLockFactory")}), in place of Axon's {@code PessimisticLockFactory}, for one
 * reason: a group-commit writer must never wait for it.
 *
 * <p>A writer holds its group's transaction open, and with it the database rows its earlier members wrote (their
 * streams' heads). A command handled alone on a request thread (one with an {@code Idempotency-Key}, or one sent back
 * from a group) may hold an aggregate's lock here while it waits for one of those rows, or for a row another
 * instance's group holds while that group waits for this writer's rows. Were the writer to wait for that lock, the
 * wait would close a cycle PostgreSQL cannot see (one of its edges is in this JVM) and nothing would move until Axon's
 * lock timeout, a minute later (seen once in {@code FaultInjectionIT}'s two instances). So on a writer thread the lock
 * is only tried: if another thread holds it, {@link AggregateBusyException} says so at once, before the member has
 * written anything, and the group commit sends that member back to be handled alone after the group
 * ({@link GroupCommit}). Every other thread waits as with Axon's factory, up to {@code wait}.
 *
 * <p>A lock is reentrant, and its entry goes once nobody holds or waits for it.
 */
public final class AggregateLocks implements LockFactory {

    /** Thrown on a group-commit writer for an aggregate whose lock another thread holds: the member is handled alone. */
    public static final class AggregateBusyException extends LockAcquisitionFailedException {
        AggregateBusyException(String identifier) {
            super("Aggregate " + identifier + " is being handled by another command in this instance");
        }
    }

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users; // holders and waiters; guarded by the map's compute
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration wait;

    /** @param wait how long a thread that is not a group-commit writer waits for the lock (Axon's default is a minute) */
    public AggregateLocks(Duration wait) {
        this.wait = wait;
    }

    @Override
    public Lock obtainLock(String identifier) {
        Entry entry = entries.compute(identifier, (id, existing) -> {
            Entry e = existing == null ? new Entry() : existing;
            e.users++;
            return e;
        });
        boolean held;
        try {
            held = GroupCommit.inGroup() ? entry.lock.tryLock() : entry.lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            held = false;
        }
        if (!held) {
            leave(identifier, entry);
            if (GroupCommit.inGroup()) {
                throw new AggregateBusyException(identifier);
            }
            throw new LockAcquisitionFailedException("Failed to acquire lock for aggregate " + identifier + " within " + wait);
        }
        return new Lock() {
            private boolean released;

            @Override
            public void release() {
                if (!released) {
                    released = true;
                    entry.lock.unlock();
                    leave(identifier, entry);
                }
            }

            @Override
            public boolean isHeld() {
                return !released && entry.lock.isHeldByCurrentThread();
            }
        };
    }

    /** Entries that nobody holds or waits for, for tests: none should be left behind. */
    int entries() {
        return entries.size();
    }

    private void leave(String identifier, Entry entry) {
        entries.computeIfPresent(identifier, (id, e) -> e != entry || --e.users > 0 ? e : null);
    }
}
