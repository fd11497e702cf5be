package vn.ocop.messaging;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ledger that makes a consumer idempotent: it remembers which events each consumer has
 * processed, in the same transaction as the consumer's own writes.
 */
public class ProcessedEvents {

    private final JdbcClient jdbc;

    ProcessedEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records that {@code consumer} processes {@code eventId} now. Returns false when it already
     * did, in which case the caller skips the event. Must run inside the consumer's transaction so
     * that the mark and the effect commit or roll back together.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean firstDelivery(String consumer, UUID eventId) {
        return jdbc.sql("insert into processed_event (consumer, event_id) values (?, ?) on conflict do nothing")
                        .param(consumer)
                        .param(eventId)
                        .update()
                == 1;
    }

    /**
     * Records that {@code consumer} processes the events {@code eventIds} now, in one statement, and
     * returns those it had not processed before. Like {@link #firstDelivery}, it must run inside the
     * consumer's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Set<UUID> firstDeliveries(String consumer, Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql(
                        """
                        insert into processed_event (consumer, event_id) select ?, unnest(?::uuid[])
                        on conflict do nothing returning event_id
                        """)
                .param(consumer)
                .param(eventIds.toArray(UUID[]::new))
                .query(UUID.class)
                .list());
    }
}
