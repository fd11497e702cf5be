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
 * stores its answers in one round trip rather than one per order. A transaction suspended for an
 * inner one (REQUIRES_NEW) keeps its events apart from the inner one's. Savepoints are not tracked:
 * a rollback to a savepoint does not take back the events appended after it (the platform uses no
 * nested transactions).
 */
public class Outbox {

    private static final String INSERT =
            """
            insert into outbox_event (event_id, topic, record_key, event_type, payload, occurred_at, traceparent)
            select e.event_id, e.topic, e.record_key, e.event_type, e.payload, e.occurred_at, e.traceparent
            from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[])
                 with ordinality as e(event_id, topic, record_key, event_type, payload, occurred_at, traceparent, n)
            order by e.n
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
        var current = (Pending) TransactionSynchronizationManager.getResource(this);
        if (current != null) {
            if (current.written) {
                throw new IllegalStateException("The transaction's events were already written; append before commit");
            }
            return current.entries;
        }
        var fresh = new Pending();
        // Registered first: outside synchronization this throws, and nothing stays bound to the thread.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void suspend() {
                TransactionSynchronizationManager.unbindResourceIfPossible(Outbox.this);
            }

            @Override
            public void resume() {
                TransactionSynchronizationManager.bindResource(Outbox.this, fresh);
            }

            @Override
            public void beforeCommit(boolean readOnly) {
                write(fresh.entries);
                fresh.written = true;
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
        TransactionSynchronizationManager.bindResource(this, fresh);
        return fresh.entries;
    }

    /** The events one transaction appended, and whether they have been written. */
    private static final class Pending {
        final List<Entry> entries = new ArrayList<>();
        boolean written;
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
