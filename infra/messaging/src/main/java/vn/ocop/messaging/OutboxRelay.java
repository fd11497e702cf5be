package vn.ocop.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import vn.ocop.events.CloudEventHeaders;

/**
 * Publishes stored outbox events to Kafka, oldest first, and deletes them once Kafka has
 * acknowledged them.
 *
 * <p>Guarantees: at least once (a crash between send and delete resends the batch after restart,
 * and consumers drop the duplicate by event id); in order per aggregate (one relay at a time across
 * all instances, held by a PostgreSQL advisory lock, sends rows in id order on an idempotent
 * producer, and a failed batch is retried whole before anything newer).
 *
 * <p>An event Kafka will never accept (larger than the producer's {@code max.request.size} or the
 * broker's limit) stays in the outbox, logged as an error, and holds back only the later events of
 * its own aggregate (its record key), which would otherwise overtake it: the others go on. Until it
 * is dealt with by hand (made smaller, or deleted once its consumers have been seen to), its
 * aggregate's events wait; after a restart it is found again at its first try.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /** Advisory lock key shared by every instance of one service (each service has its own database). */
    private static final long RELAY_LOCK = 0x4f434f504f555458L;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, String> kafka;
    private final MessagingProperties properties;
    private final AtomicBoolean wakeRequested = new AtomicBoolean();

    /** The record keys (aggregates) held back behind an event Kafka will not accept. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    private volatile ScheduledExecutorService executor;
    private ScheduledFuture<?> poller;

    OutboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            KafkaTemplate<String, String> kafka,
            MessagingProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.properties = properties;
    }

    /** Asks the relay to look at the outbox now rather than at its next poll. */
    void wakeUp() {
        var current = executor;
        if (current != null && wakeRequested.compareAndSet(false, true)) {
            try {
                current.execute(this::relayQuietly);
            } catch (RejectedExecutionException stopping) {
                // Shutting down: the events are stored and the next start relays them.
                wakeRequested.set(false);
            }
        }
    }

    /**
     * Relays everything pending now, in batches, and returns how many events went out. Safe to call
     * from any thread: concurrent calls serialise on the advisory lock.
     */
    public int relayPending() {
        int total = 0;
        int sent;
        do {
            sent = relayBatch();
            total += sent;
        } while (sent == properties.relay().batchSize());
        return total;
    }

    private void relayQuietly() {
        wakeRequested.set(false);
        try {
            relayPending();
        } catch (RuntimeException e) {
            log.warn("Outbox relay failed; the events stay stored and are retried", e);
        }
    }

    private int relayBatch() {
        Integer sent = transactions.execute(status -> {
            boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(?)")
                    .param(RELAY_LOCK)
                    .query(Boolean.class)
                    .single();
            if (!locked) {
                return 0;
            }
            List<PendingEvent> batch = jdbc.sql(
                            """
                            select id, event_id, topic, record_key, event_type, payload, occurred_at, traceparent
                            from outbox_event where record_key <> all(?) order by id limit ?
                            """)
                    .params(held.toArray(String[]::new), properties.relay().batchSize())
                    .query((rs, row) -> new PendingEvent(
                            rs.getLong("id"),
                            rs.getString("event_id"),
                            rs.getString("topic"),
                            rs.getString("record_key"),
                            rs.getString("event_type"),
                            rs.getString("payload"),
                            rs.getTimestamp("occurred_at").toInstant(),
                            rs.getString("traceparent")))
                    .list();
            if (batch.isEmpty()) {
                return 0;
            }
            var acks = new ArrayList<CompletableFuture<?>>(batch.size());
            var sending = new ArrayList<PendingEvent>(batch.size());
            for (var event : batch) {
                if (held.contains(event.key())) {
                    continue; // behind an event of its aggregate that Kafka refused in this batch
                }
                try {
                    acks.add(kafka.send(record(event)));
                    sending.add(event);
                } catch (RuntimeException refused) {
                    // Refused by the producer itself, before sending: nothing of this aggregate may overtake it.
                    if (!tooLarge(refused)) {
                        throw refused;
                    }
                    hold(event);
                }
            }
            try {
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                        .get(properties.relay().sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                // Refused by the broker: held from the next try on, when the batch is sent again.
                for (int i = 0; i < acks.size(); i++) {
                    var ack = acks.get(i);
                    if (ack.isCompletedExceptionally() && tooLarge(ack.exceptionNow())) {
                        hold(sending.get(i));
                    }
                }
                throw new IllegalStateException("Kafka did not acknowledge the outbox batch", e);
            }
            if (!sending.isEmpty()) {
                jdbc.sql("delete from outbox_event where id = any(?)")
                        .param(sending.stream()
                                .mapToLong(PendingEvent::id)
                                .boxed()
                                .toArray(Long[]::new))
                        .update();
            }
            return sending.size();
        });
        return sent == null ? 0 : sent;
    }

    private void hold(PendingEvent event) {
        if (held.add(event.key())) {
            log.error(
                    "Kafka will not accept outbox event {} ({}, {} characters) for {} on {}: it stays in outbox_event "
                            + "(id {}) and holds back the later events of {} until it is made smaller or deleted",
                    event.eventId(),
                    event.type(),
                    event.payload().length(),
                    event.key(),
                    event.topic(),
                    event.id(),
                    event.key());
        }
    }

    /** Whether a send failed because the record is larger than the producer or the broker accepts. */
    private static boolean tooLarge(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private ProducerRecord<String, String> record(PendingEvent event) {
        var record = new ProducerRecord<String, String>(event.topic(), event.key(), event.payload());
        header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        header(record, CloudEventHeaders.ID, event.eventId());
        header(record, CloudEventHeaders.SOURCE, properties.source());
        header(record, CloudEventHeaders.TYPE, event.type());
        header(record, CloudEventHeaders.TIME, event.occurredAt().toString());
        header(record, CloudEventHeaders.SUBJECT, event.key());
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        if (event.traceparent() != null) {
            header(record, CloudEventHeaders.TRACEPARENT, event.traceparent());
        }
        return record;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("outbox-relay").daemon(true).factory());
        long interval = properties.relay().pollInterval().toMillis();
        poller = executor.scheduleWithFixedDelay(this::relayQuietly, 0, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (poller != null) {
            poller.cancel(false);
        }
        var current = executor;
        executor = null;
        if (current != null) {
            current.shutdown();
            try {
                current.awaitTermination(properties.relay().sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    @Override
    public boolean isAutoStartup() {
        return properties.relay().enabled();
    }

    /** Stop before the Kafka producer and the data source go away. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }

    private record PendingEvent(
            long id,
            String eventId,
            String topic,
            String key,
            String type,
            String payload,
            Instant occurredAt,
            String traceparent) {}
}
