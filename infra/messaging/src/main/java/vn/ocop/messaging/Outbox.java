package vn.ocop.messaging;

import java.sql.Timestamp;
import java.util.Optional;
import java.util.function.Supplier;
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
 */
public class Outbox {

    private final JdbcClient jdbc;
    private final Supplier<Optional<String>> traceparent;
    private final Runnable wakeRelay;

    Outbox(JdbcClient jdbc, Supplier<Optional<String>> traceparent, Runnable wakeRelay) {
        this.jdbc = jdbc;
        this.traceparent = traceparent;
        this.wakeRelay = wakeRelay;
    }

    /** Stores {@code event} for publication; must run inside the transaction that makes the change. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(PlatformEvent event) {
        var type = event.getClass();
        jdbc.sql(
                        """
                        insert into outbox_event (event_id, topic, record_key, event_type, payload, occurred_at, traceparent)
                        values (:eventId, :topic, :key, :type, :payload, :occurredAt, :traceparent)
                        """)
                .param("eventId", event.eventId())
                .param("topic", EventCatalog.topicOf(type))
                .param("key", event.aggregateId())
                .param("type", EventCatalog.typeOf(type))
                .param("payload", EventCodec.write(event))
                .param("occurredAt", Timestamp.from(event.occurredAt()))
                .param("traceparent", traceparent.get().orElse(null))
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                wakeRelay.run();
            }
        });
    }
}
