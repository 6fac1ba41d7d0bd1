package org.coordination.ledger.readmodel;

import java.util.Optional;
import org.coordination.ledger.contract.common.LedgerEvent;

/**
 * How one target (a view's document, the alerts) folds one sealed event family: which document an event
 * goes to (the {@link Router}), and what it does there (the {@link Step}).
 *
 * <p>The step is one method whose body is a pattern-matching {@code switch} over the sealed family
 * without a {@code default}: one {@code case} per event the family permits, an event that changes
 * nothing being an empty case with a comment saying why. Every event family is a sealed interface
 * whose {@code permits} are in its own package, so such a switch is exhaustive, and a new event in a
 * family fails the compilation of every view (and alert rule) that folds that family, naming each one,
 * until each has decided what the event does to it.
 *
 * @param <D> what is folded into (a document, or the alerts' writes)
 * @param <F> the sealed event family, e.g. {@code ContributionEvent}
 */
public final class Fold<D, F extends LedgerEvent> {

    /** What an event of the family does to the target: a {@code switch} over the family, without {@code default}. Reads only its arguments. */
    @FunctionalInterface
    public interface Step<D, F> {
        void apply(D target, F event, EventMeta meta);
    }

    /** Which document of the view an event of the family belongs to (empty: none). */
    @FunctionalInterface
    public interface Router<F> {
        Optional<String> documentId(F event, ReadLookup lookup);
    }

    private final Class<F> family;
    private final Router<F> router;
    private final Step<D, F> step;

    private Fold(Class<F> family, Router<F> router, Step<D, F> step) {
        this.family = family;
        this.router = router;
        this.step = step;
    }

    /** The fold of {@code family} into {@code target}: its events go to the document {@code router} names, and {@code step} folds them. */
    public static <D, F extends LedgerEvent> Fold<D, F> of(Class<D> target, Class<F> family, Router<F> router, Step<D, F> step) {
        if (!family.isSealed()) {
            throw new IllegalArgumentException(family.getName() + " is not sealed: a switch over it cannot be exhaustive");
        }
        return new Fold<>(family, router, step);
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

    /** Folds {@code event} (of this family) into {@code into}. */
    public void apply(D into, LedgerEvent event, EventMeta meta) {
        step.apply(into, family.cast(event), meta);
    }
}
