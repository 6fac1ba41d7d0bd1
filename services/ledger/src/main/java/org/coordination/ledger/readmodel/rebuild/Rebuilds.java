package org.coordination.ledger.readmodel.rebuild;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.coordination.ledger.problem.ApiProblem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Rebuilds of the read models as the API sees them: a request becomes a job row on whichever instance
 * took it; {@link RebuildCoordinator} on the instance that owns the live processor carries it out;
 * progress is read from the row, so every instance answers the same.
 */
@Service
public class Rebuilds {

    private final RebuildJobs jobs;
    private final ReadSideShadow shadow;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Rebuilds(RebuildJobs jobs, ReadSideShadow shadow, Clock clock, ApplicationEventPublisher events) {
        this.jobs = jobs;
        this.shadow = shadow;
        this.clock = clock;
        this.events = events;
    }

    /** A job row just written on this instance: its coordinator looks at once, not at its next look (up to a second on). */
    record Requested(String id) {
    }

    /** A read model until the timeline was written with each event (V27); a rebuild asked for it is told why not. */
    private static final String TIMELINE = "timeline";

    /** The names a request may use, besides "all". */
    public List<String> projections() {
        return shadow.projections();
    }

    /**
     * Asks for a rebuild of the named read models (or "all"). The read side's tables share one processor and
     * one token, so a rebuild rebuilds and replaces all of them, and its progress names them all; naming
     * fewer is accepted, as it always was.
     */
    public Progress start(List<String> requested) {
        List<String> known = projections();
        if (requested == null || requested.isEmpty()) {
            throw ApiProblem.invalidField("projections", "name the read models to rebuild, or [\"all\"]; known: " + known);
        }
        for (String name : requested) {
            if (TIMELINE.equals(name)) {
                throw ApiProblem.invalidField("projections", "the timeline is written with each event, in the transaction that appends "
                        + "it, and has nothing to rebuild; known: " + known + " or all");
            }
            if (!"all".equals(name) && !known.contains(name)) {
                throw ApiProblem.invalidField("projections", "unknown read model '" + ApiProblem.echo(name) + "'; known: " + known + " or all");
            }
        }
        String id = UUID.randomUUID().toString();
        try {
            jobs.create(id, known, clock.instant());
        } catch (DuplicateKeyException running) {
            String other = jobs.active().map(RebuildJobs.Job::id).orElse("(just finished)");
            throw ApiProblem.conflict("replay-running", "A replay is running", "Replay " + other + " is still running");
        }
        events.publishEvent(new Requested(id));
        return jobs.find(id).orElseThrow().progress(clock.instant());
    }

    public Optional<Progress> progress(String id) {
        return jobs.find(id).map(job -> job.progress(clock.instant()));
    }

    /** The rebuild running now, if any (at most one, ledger-wide). */
    public Optional<Progress> running() {
        return jobs.active().map(job -> job.progress(clock.instant()));
    }

    /** The most recent rebuilds, newest first. */
    public List<Progress> recent() {
        return jobs.recent(100).stream().map(job -> job.progress(clock.instant())).toList();
    }
}
