package org.coordination.ledger.commandbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.junit.jupiter.api.Test;

/**
 * How a writer forms its groups: one command per stream, each stream's commands in the order they came; a member is
 * taken by its writer or given back to its caller, once.
 */
class GroupFormationTest {

    private final Deque<GroupCommit.Member> deferred = new ArrayDeque<>();
    private final BlockingQueue<GroupCommit.Member> queue = new LinkedBlockingQueue<>();

    @Test
    void aSecondCommandOnAStreamWaitsForTheNextGroupAndKeepsItsPlace() throws InterruptedException {
        queue.addAll(List.of(member("a", 1), member("b", 1), member("a", 2), member("c", 1), member("a", 3), member("b", 2)));

        assertThat(names(GroupFormation.next(deferred, queue, 64))).containsExactly("a1", "b1", "c1");
        assertThat(names(GroupFormation.next(deferred, queue, 64))).containsExactly("a2", "b2");
        assertThat(names(GroupFormation.next(deferred, queue, 64))).containsExactly("a3");
        assertThat(deferred).isEmpty();
        assertThat(queue).isEmpty();
    }

    @Test
    void aFullGroupLeavesTheRestQueuedOrDeferredInOrder() throws InterruptedException {
        queue.addAll(List.of(member("a", 1), member("b", 1), member("c", 1), member("c", 2), member("d", 1)));

        assertThat(names(GroupFormation.next(deferred, queue, 2))).containsExactly("a1", "b1");
        queue.add(member("c", 3));
        assertThat(names(GroupFormation.next(deferred, queue, 2))).containsExactly("c1", "d1");
        assertThat(names(GroupFormation.next(deferred, queue, 2))).containsExactly("c2");
        assertThat(names(GroupFormation.next(deferred, queue, 2))).containsExactly("c3");
    }

    @Test
    void aCommandLeftWaitingByAFullGroupGoesBeforeLaterOnesOfItsStream() throws InterruptedException {
        // c1 is left waiting by a full group; c2 arrives later and must not go first
        queue.addAll(List.of(member("a", 1), member("c", 1)));
        assertThat(names(GroupFormation.next(deferred, queue, 1))).containsExactly("a1");
        queue.addAll(List.of(member("c", 2), member("e", 1)));
        assertThat(names(GroupFormation.next(deferred, queue, 2))).containsExactly("c1", "e1");
        assertThat(names(GroupFormation.next(deferred, queue, 2))).containsExactly("c2");
    }

    /**
     * A closing service gives queued members back to their callers to handle alone; one its writer had already taken
     * into a group stays the writer's (answered by the group's commit), and one given back is not committed by a group
     * formed afterwards: either way a command is recorded once.
     */
    @Test
    void aMemberIsEitherTakenIntoAGroupOrGivenBackToItsCallerNeverBoth() throws InterruptedException {
        GroupCommit.Member takenFirst = member("a", 1);
        GroupCommit.Member givenBackFirst = member("b", 1);
        queue.addAll(List.of(takenFirst, givenBackFirst));
        List<GroupCommit.Member> formed = GroupFormation.next(deferred, queue, 1);
        assertThat(names(GroupCommit.claimed(formed))).containsExactly("a1");

        GroupCommit.handledAlone(takenFirst);
        GroupCommit.handledAlone(givenBackFirst);
        assertThat(takenFirst.answer).as("the writer's: its group answers it").isNotDone();
        assertThat(givenBackFirst.answer).isCompletedWithValue(Optional.empty());
        assertThat(GroupCommit.claimed(GroupFormation.next(deferred, queue, 1))).as("handled by its caller alone").isEmpty();
    }

    private static GroupCommit.Member member(String stream, int n) {
        return new GroupCommit.Member(GenericCommandMessage.asCommandMessage(stream + n), stream);
    }

    private static List<String> names(List<GroupCommit.Member> group) {
        return group.stream().map(member -> (String) member.command.getPayload()).toList();
    }
}
