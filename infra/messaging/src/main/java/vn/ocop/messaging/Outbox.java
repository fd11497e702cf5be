package vn.ocop.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import vn.ocop.events.EventCatalog;
import vn.ocop.events.EventCodec;
import vn.ocop.events.PlatformEvent;

/**
 * Where an application service records the events of a change: in the same database transaction as
 * the change itself. The {@link OutboxRelay} publishes them to Kafka once the transaction commits,
 * so an event is published if and only if its change is stored.
 *
 * <p>The events of one transaction are written together, in the order they were appended, by one
 * statement just before the transaction commits: a consumer that settles a whole batch of orders
 * stores its answers in one round trip rather than one per order.
 */
public class Outbox {

    private static final String INSERT =
            """
            insert into outbox_event (event_id, topic, record_key, event_type, payload, occurred_at, traceparent)
            select * from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[])
            """;

    private final JdbcClient jdbc;
    private final Supplier<Optional<String>> traceparent;
    private final Runnable wakeRelay;

    Outbox(JdbcClient jdbc, Supplier<Optional<String>> traceparent, Runnable wakeRelay) {
        this.jdbc = jdbc;
        this.traceparent = traceparent;
        this.wakeRelay = wakeRelay;
    }

    /**
     * Stores {@code event} for publication, in the trace of the current span; must run inside the
     * transaction that makes the change.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(PlatformEvent event) {
        pending().add(new Entry(event, traceparent.get().orElse(null)));
    }

    /**
     * Stores {@code event} for publication in the trace given by {@code traceparent} (the W3C header
     * of the incoming event that caused it, when a consumer handles a batch outside any span).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(PlatformEvent event, @Nullable String traceparent) {
        pending().add(new Entry(event, traceparent));
    }

    private List<Entry> pending() {
        @SuppressWarnings("unchecked")
        var entries = (List<Entry>) TransactionSynchronizationManager.getResource(this);
        if (entries != null) {
            return entries;
        }
        var fresh = new ArrayList<Entry>();
        TransactionSynchronizationManager.bindResource(this, fresh);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                write(fresh);
            }

            @Override
            public void afterCommit() {
                wakeRelay.run();
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(Outbox.this);
            }
        });
        return fresh;
    }

    private void write(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        int n = entries.size();
        var ids = new UUID[n];
        var topics = new String[n];
        var keys = new String[n];
        var types = new String[n];
        var payloads = new String[n];
        var times = new String[n];
        var traces = new String[n];
        for (int i = 0; i < n; i++) {
            var event = entries.get(i).event();
            var type = event.getClass();
            ids[i] = event.eventId();
            topics[i] = EventCatalog.topicOf(type);
            keys[i] = event.aggregateId();
            types[i] = EventCatalog.typeOf(type);
            payloads[i] = EventCodec.write(event);
            times[i] = event.occurredAt().toString();
            traces[i] = entries.get(i).traceparent();
        }
        jdbc.sql(INSERT)
                .params(ids, topics, keys, types, payloads, times, traces)
                .update();
        entries.clear();
    }

    private record Entry(PlatformEvent event, @Nullable String traceparent) {}
}
