package org.coordination.ledger.commandbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.junit.jupiter.api.Test;

/** How a writer forms its groups: one command per stream, each stream's commands in the order they came. */
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

    private static GroupCommit.Member member(String stream, int n) {
        return new GroupCommit.Member(GenericCommandMessage.asCommandMessage(stream + n), stream);
    }

    private static List<String> names(List<GroupCommit.Member> group) {
        return group.stream().map(member -> (String) member.command.getPayload()).toList();
    }
}
