package org.coordination.ledger.readmodel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.coordination.ledger.contract.common.LedgerEvent;

/**
 * How one target (a view's document, the alerts) folds one sealed event family: a step for every
 * event the family permits, or a stated reason to leave it alone, and which document an event goes to.
 *
 * <p>Exhaustive by construction: {@link Builder#build()} compares the steps with the family's
 * {@code permits} list ({@link Class#getPermittedSubclasses()}) and refuses, naming the target and every
 * event it neither handles nor ignores. Views build their folds in static initializers, so a new event
 * in a family fails every unit test of every view (and alert rule) that folds that family, and the
 * service's start, until each one has decided what the event does to it; {@code ViewsFoldEveryEventTest}
 * lists them all at once. Java 17 has no exhaustive pattern switch over a sealed interface (JEP 441 is
 * Java 21); once the build is on 21, each step table can become a {@code switch} without {@code default},
 * and the compiler takes over this check.
 *
 * @param <D> what is folded into (a document, or the alerts' writes)
 * @param <F> the sealed event family, e.g. {@code ContributionEvent}
 */
public final class Fold<D, F extends LedgerEvent> {

    /** What one event does to the target. Reads only its arguments. */
    @FunctionalInterface
    public interface Step<D, E> {
        void apply(D target, E event, EventMeta meta);
    }

    /** Which document of the view an event of the family belongs to (empty: none). */
    @FunctionalInterface
    public interface Router<F> {
        Optional<String> documentId(F event, ReadLookup lookup);
    }

    private final String target;
    private final Class<F> family;
    private final Router<F> router;
    private final Map<Class<?>, Step<D, F>> steps;

    private Fold(String target, Class<F> family, Router<F> router, Map<Class<?>, Step<D, F>> steps) {
        this.target = target;
        this.family = family;
        this.router = router;
        this.steps = Map.copyOf(steps);
    }

    /** Starts the fold of {@code family} into {@code target}, whose events go to the document {@code router} names. */
    public static <D, F extends LedgerEvent> Builder<D, F> of(Class<D> target, Class<F> family, Router<F> router) {
        String name = target.getEnclosingClass() == null ? target.getSimpleName()
                : target.getEnclosingClass().getSimpleName() + "." + target.getSimpleName(); // AlertConsumer.Alerting
        return new Builder<>(name, family, router);
    }

    public Class<F> family() {
        return family;
    }

    /** Whether {@code event} belongs to this fold's family. */
    public boolean folds(LedgerEvent event) {
        return family.isInstance(event);
    }

    /** The document {@code event} (of this family) goes to. */
    public Optional<String> route(LedgerEvent event, ReadLookup lookup) {
        return router.documentId(family.cast(event), lookup);
    }

    /** Applies the step for {@code event} (of this family) to {@code into}. */
    public void apply(D into, LedgerEvent event, EventMeta meta) {
        Step<D, F> step = steps.get(event.getClass());
        if (step == null) { // only an event the family does not permit (build() saw every permitted one)
            throw new IllegalArgumentException(target + " has no step for " + event.getClass().getName());
        }
        step.apply(into, family.cast(event), meta);
    }

    /** The concrete events a sealed family permits, through nested sealed interfaces. */
    public static Set<Class<?>> eventsOf(Class<?> family) {
        Set<Class<?>> events = new TreeSet<>(Comparator.comparing(Class::getName));
        collect(family, events);
        return events;
    }

    private static void collect(Class<?> type, Set<Class<?>> into) {
        if (!type.isSealed()) {
            into.add(type);
            return;
        }
        for (Class<?> permitted : type.getPermittedSubclasses()) {
            collect(permitted, into);
        }
    }

    /** Collects the steps; {@link #build()} refuses a fold that leaves an event of the family undecided. */
    public static final class Builder<D, F extends LedgerEvent> {
        private final String target;
        private final Class<F> family;
        private final Router<F> router;
        private final Map<Class<?>, Step<D, F>> steps = new LinkedHashMap<>();

        private Builder(String target, Class<F> family, Router<F> router) {
            if (!family.isSealed()) {
                throw new IllegalArgumentException(family.getName() + " is not sealed: a fold over it cannot be checked for completeness");
            }
            this.target = target;
            this.family = family;
            this.router = router;
        }

        /** What {@code type} does to the target. */
        public <E extends F> Builder<D, F> on(Class<E> type, Step<D, ? super E> step) {
            if (steps.containsKey(type)) {
                throw new IllegalArgumentException(target + " folds " + type.getSimpleName() + " twice");
            }
            steps.put(type, (into, event, meta) -> step.apply(into, type.cast(event), meta));
            return this;
        }

        /** {@code type} changes nothing in the target, for the reason given (said out loud, not forgotten). */
        public <E extends F> Builder<D, F> ignore(Class<E> type, String because) {
            if (because == null || because.isBlank()) {
                throw new IllegalArgumentException(target + " ignores " + type.getSimpleName() + " without saying why");
            }
            return on(type, (into, event, meta) -> {
            });
        }

        public Fold<D, F> build() {
            List<String> missing = new ArrayList<>();
            for (Class<?> event : eventsOf(family)) {
                if (!steps.containsKey(event)) {
                    missing.add(event.getSimpleName());
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException(target + " does not fold " + String.join(", ", missing) + " (" + family.getSimpleName()
                        + "): add on(" + missing.get(0) + ".class, …) or ignore(" + missing.get(0) + ".class, \"why\")");
            }
            return new Fold<>(target, family, router, steps);
        }
    }
}
