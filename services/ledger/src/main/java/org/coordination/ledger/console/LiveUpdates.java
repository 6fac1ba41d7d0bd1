package org.coordination.ledger.console;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.coordination.ledger.readmodel.ReadModelPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/live}: server-sent events that say the read models moved, {@code event: position},
 * {@code data: <global index>}, so a page reads its view again without a reload. The position is the one
 * the read models' stored token holds, not this instance's memory: a page learns of a command another
 * instance took. It is polled only while someone listens, every {@code ledger.console.live-poll} (250 ms).
 * The streams are ended first when the service stops: an open page must not hold the web server's graceful
 * shutdown for its whole timeout (this lifecycle's phase is above the web server's).
 */
@RestController
@Tag(name = "Live", description = "Server-sent events when the read models move")
class LiveUpdates implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);
    private static final long HEARTBEAT_EVERY = 60; // polls between two comments that keep idle proxies from closing the stream

    private final ReadModelPosition position;
    private final List<SseEmitter> listeners = new CopyOnWriteArrayList<>();
    private final Duration every;
    private ScheduledExecutorService poller;
    private long lastSent = Long.MIN_VALUE;
    private long polls;
    private volatile boolean running;

    LiveUpdates(ReadModelPosition position, @Value("${ledger.console.live-poll:250ms}") Duration every) {
        this.position = position;
        this.every = every;
    }

    @GetMapping(path = "/api/v1/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Live position of the read models",
            description = "Server-sent events: `position` with the global index the read models have folded up to, at once and whenever "
                    + "it moves. Reconnect (EventSource does) after the stream ends; it ends after 30 minutes.")
    SseEmitter live() throws IOException {
        SseEmitter emitter = new SseEmitter(Duration.ofMinutes(30).toMillis());
        emitter.onCompletion(() -> listeners.remove(emitter));
        emitter.onTimeout(emitter::complete);
        emitter.onError(failure -> listeners.remove(emitter));
        emitter.send(SseEmitter.event().name("position").data(position.current()).reconnectTime(2_000));
        if (running) {
            listeners.add(emitter);
        } else {
            emitter.complete(); // stopping: the page reconnects later
        }
        return emitter;
    }

    /**
     * HEAD says the stream is there without opening one. Answered by the GET handler, as Spring MVC answers HEAD, it
     * opened a stream whose events the container discards, so no write ever failed and the stream stayed registered
     * for its thirty minutes: a signed-in caller could pile them up.
     */
    @RequestMapping(path = "/api/v1/live", method = RequestMethod.HEAD)
    @Hidden
    ResponseEntity<Void> liveHead() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).build();
    }

    /** The streams open now. */
    int openStreams() {
        return listeners.size();
    }

    private void poll() {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            long now = position.current();
            boolean heartbeat = ++polls % HEARTBEAT_EVERY == 0;
            if (now != lastSent || heartbeat) {
                for (SseEmitter listener : listeners) {
                    send(listener, now != lastSent ? SseEmitter.event().name("position").data(now) : SseEmitter.event().comment("idle"));
                }
                lastSent = now;
            }
        } catch (RuntimeException failure) { // the database away for a moment: the next poll tries again
            log.debug("Live position unavailable: {}", failure.toString());
        }
    }

    private void send(SseEmitter listener, SseEmitter.SseEventBuilder event) {
        try {
            listener.send(event);
        } catch (IOException | IllegalStateException gone) { // the page went away
            listeners.remove(listener);
        }
    }

    @Override
    public synchronized void start() {
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "console-live");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::poll, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    /** Ends every stream (the pages' EventSource reconnects to another instance, or to this one once it is back). */
    @Override
    public synchronized void stop() {
        running = false;
        poller.shutdownNow();
        listeners.forEach(SseEmitter::complete);
        listeners.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
