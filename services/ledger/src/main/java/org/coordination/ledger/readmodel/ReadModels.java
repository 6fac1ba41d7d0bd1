package org.coordination.ledger.readmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.coordination.ledger.consent.query.ConsentRegisterView;
import org.coordination.ledger.contract.consent.ConsentRegisterEvent;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.force.ForceEvent;
import org.coordination.ledger.contract.humanitarian.HumanitarianCoalitionEvent;
import org.coordination.ledger.contract.mandate.MandateEvent;
import org.coordination.ledger.contract.structure.CommandStructureEvent;
import org.coordination.ledger.force.query.ForceView;
import org.coordination.ledger.humanitarian.query.HumanitarianCoalitionView;
import org.coordination.ledger.mandate.query.MandateView;
import org.coordination.ledger.structure.query.CommandStructureView;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The document read models: which document an event updates, which streams a document is made of,
 * and how to read one now or as of an earlier time.
 */
@Component
public class ReadModels {

    /** A kind of document, and the type of the aggregate whose version it carries. */
    record Type(String model, Class<? extends View> viewClass, Supplier<? extends View> factory, String aggregateType) {
    }

    static final Map<String, Type> TYPES = Map.of(
            CommandStructureView.MODEL, new Type(CommandStructureView.MODEL, CommandStructureView.class, CommandStructureView::new,
                    "CommandStructure"),
            ForceView.MODEL, new Type(ForceView.MODEL, ForceView.class, ForceView::new, "Force"),
            MandateView.MODEL, new Type(MandateView.MODEL, MandateView.class, MandateView::new, "Mandate"),
            ConsentRegisterView.MODEL, new Type(ConsentRegisterView.MODEL, ConsentRegisterView.class, ConsentRegisterView::new,
                    "ConsentRegister"),
            HumanitarianCoalitionView.MODEL, new Type(HumanitarianCoalitionView.MODEL, HumanitarianCoalitionView.class,
                    HumanitarianCoalitionView::new, "HumanitarianCoalition"));

    private final JdbcTemplate jdbc;
    private final ViewStore store;
    private final EventHistory history;

    public ReadModels(JdbcTemplate jdbc, ViewStore store, EventHistory history) {
        this.jdbc = jdbc;
        this.store = store;
        this.history = history;
    }

    /** The document an event belongs to; a pledge's events belong to its force's document. */
    public Optional<ViewKey> route(EventEnvelope envelope) {
        Object event = envelope.event();
        if (event instanceof CommandStructureEvent e) {
            return Optional.of(new ViewKey(CommandStructureView.MODEL, e.structureId().value()));
        }
        if (event instanceof ForceEvent e) {
            return Optional.of(new ViewKey(ForceView.MODEL, e.forceId().value()));
        }
        if (event instanceof ContributionPledged e) {
            return Optional.of(new ViewKey(ForceView.MODEL, e.forceId().value()));
        }
        if (event instanceof ContributionEvent e) {
            return forceOf(e.contributionId().value()).map(force -> new ViewKey(ForceView.MODEL, force));
        }
        if (event instanceof MandateEvent e) {
            return Optional.of(new ViewKey(MandateView.MODEL, e.mandateId().value()));
        }
        if (event instanceof ConsentRegisterEvent e) {
            return Optional.of(new ViewKey(ConsentRegisterView.MODEL, e.registerId().value()));
        }
        if (event instanceof HumanitarianCoalitionEvent e) {
            return Optional.of(new ViewKey(HumanitarianCoalitionView.MODEL, e.coalitionId().value()));
        }
        return Optional.empty();
    }

    /** A scope queries list documents by: the force of a consent register. */
    public String scopeOf(View view) {
        return view instanceof ConsentRegisterView register ? register.forceId() : null;
    }

    private Optional<String> forceOf(String contributionId) {
        return jdbc.queryForList("SELECT force_id FROM lookup_contribution WHERE contribution_id = ?", String.class, contributionId)
                .stream().findFirst();
    }

    /**
     * The streams whose events make up a document: its own aggregate's (of the document's kind), and for a
     * force its pledges' (Contribution). Another kind's stream under the same id is not one of them.
     */
    List<EventHistory.Stream> streamsOf(ViewKey key) {
        List<EventHistory.Stream> streams = new ArrayList<>();
        streams.add(new EventHistory.Stream(TYPES.get(key.model()).aggregateType(), key.id()));
        if (key.model().equals(ForceView.MODEL)) {
            jdbc.queryForList("SELECT contribution_id FROM lookup_contribution WHERE force_id = ?", String.class, key.id())
                    .forEach(contribution -> streams.add(new EventHistory.Stream(CONTRIBUTION, contribution)));
        }
        return streams;
    }

    /** The kind of a pledge's stream, folded into its force's document. */
    static final String CONTRIBUTION = "Contribution";

    /** The document now (from its table) or as of an earlier time (folded from the store's events). */
    public <V extends View> Optional<V> read(String model, String id, Class<V> type, AsOf asOf) {
        ViewKey key = new ViewKey(model, id);
        if (asOf.isCurrent()) {
            return store.load(key, type).filter(View::exists);
        }
        V view = type.cast(TYPES.get(model).factory().get());
        for (EventEnvelope envelope : history.of(streamsOf(key), asOf)) {
            if (route(envelope).filter(key::equals).isPresent()) {
                fold(TYPES.get(model), key, view, envelope);
            }
        }
        return view.exists() ? Optional.of(view) : Optional.empty();
    }

    /** The document, or a 404 problem naming what was asked for. Its version becomes the answer's ETag. */
    public <V extends View> V require(String model, String id, Class<V> type, AsOf asOf, String what) {
        V view = read(model, id, type, asOf).orElseThrow(() -> org.coordination.ledger.problem.ApiProblem.notFound(
                "No " + what + " " + id + (asOf.isCurrent() ? "" : " at that time")));
        if (view instanceof AggregateView aggregate) {
            ViewVersionETag.remember(aggregate.version());
        }
        return view;
    }

    /** Folds one event into a view; an event of the view's own aggregate also moves the view's version. */
    private static void fold(Type type, ViewKey key, View view, EventEnvelope envelope) {
        view.apply(envelope);
        if (view instanceof AggregateView aggregate && envelope.aggregateId().equals(key.id())
                && type.aggregateType().equals(envelope.aggregateType())) {
            aggregate.versionAt(envelope.sequence());
        }
    }

    /** Where documents are read from and written to while events are folded: the live table, or a rebuild's memory. */
    public interface DocumentSink {
        Optional<View> load(ViewKey key, Class<? extends View> type);

        void save(ViewKey key, String scopeId, View view);
    }

    /** The live table. The token commits with the rows, so an event is never folded twice into it. */
    DocumentSink liveDocuments() {
        return new DocumentSink() {
            @Override
            public Optional<View> load(ViewKey key, Class<? extends View> type) {
                return store.load(key, type).map(View.class::cast);
            }

            @Override
            public void save(ViewKey key, String scopeId, View view) {
                store.save(key, scopeId, view);
            }
        };
    }

    /** Folds one event into its document, if it belongs to one of {@code models}. */
    public void project(EventEnvelope envelope, DocumentSink sink, java.util.Set<String> models) {
        Optional<ViewKey> target = route(envelope);
        if (target.isEmpty() || !models.contains(target.get().model())) {
            return;
        }
        ViewKey key = target.get();
        Type type = TYPES.get(key.model());
        View view = sink.load(key, type.viewClass()).orElseGet(type.factory()::get);
        fold(type, key, view, envelope);
        sink.save(key, scopeOf(view), view);
    }

    public static java.util.Set<String> models() {
        return TYPES.keySet();
    }
}
