package org.coordination.ledger.commandbus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import org.coordination.ledger.commandbus.GroupCommit.Member;

/** How a group commit's writer forms its next group from what waits for it. */
final class GroupFormation {

    private GroupFormation() {
    }

    /**
     * The next group: what was deferred, then what is queued, waiting only for the first if there is
     * nothing else. A command on a stream already in the group, or behind one deferred, is deferred to a
     * later group, so each stream's commands are handled in the order they came.
     */
    static List<Member> next(Deque<Member> deferred, BlockingQueue<Member> queue, int maxGroupSize)
            throws InterruptedException {
        List<Member> group = new ArrayList<>();
        Set<String> streams = new HashSet<>();
        Set<String> waiting = new HashSet<>();
        Deque<Member> later = new ArrayDeque<>();
        while (!deferred.isEmpty()) {
            place(deferred.poll(), group, streams, waiting, later, maxGroupSize);
        }
        if (group.isEmpty() && later.isEmpty()) {
            place(queue.take(), group, streams, waiting, later, maxGroupSize);
        }
        Member member;
        while (group.size() < maxGroupSize && (member = queue.poll()) != null) {
            place(member, group, streams, waiting, later, maxGroupSize);
        }
        deferred.addAll(later);
        return group;
    }

    private static void place(Member member, List<Member> group, Set<String> streams, Set<String> waiting,
                              Deque<Member> later, int maxGroupSize) {
        if (group.size() < maxGroupSize && !waiting.contains(member.stream) && streams.add(member.stream)) {
            group.add(member);
        } else {
            waiting.add(member.stream);
            later.add(member);
        }
    }
}
