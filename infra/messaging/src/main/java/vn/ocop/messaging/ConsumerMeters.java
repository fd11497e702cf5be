package vn.ocop.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.listener.RetryListener;

/**
 * What the consumers' error handling does, as metrics to alert on. A consumer waiting out an outage
 * ({@link Outages}) dead-letters nothing and only logs; these say how long it has been waiting:
 *
 * <ul>
 *   <li>{@code ocop.consumer.outage.wait} (seconds): how long the record that has waited longest for a
 *       server, on this instance, has been waiting; 0 when none waits. Everything behind that record in its
 *       partition waits with it, so minutes here mean orders, stock or search falling behind by as much.
 *   <li>{@code ocop.consumer.outage.tries} (by {@code topic}): tries that failed because a server was away.
 *   <li>{@code ocop.consumer.dead.letters} (by {@code topic}): records published to their dead-letter topic,
 *       each one an event that someone has to look at.
 * </ul>
 *
 * <p>A record stops waiting when the listener gets through its partition (it sees the success as the
 * containers' record and batch interceptor), or when the record turns out to be at fault and is
 * dead-lettered. While a rebalance has its partition elsewhere it does not count here; handed back, it
 * waits on from when it first did, unless another instance got past it meanwhile.
 *
 * <p>Spring Boot hands this bean to the listener containers only while it is the one bean of each of
 * those types: a second record or batch interceptor, or rebalance listener, must be composed with it.
 */
final class ConsumerMeters
        implements RetryListener,
                RecordInterceptor<Object, Object>,
                BatchInterceptor<Object, Object>,
                ConsumerAwareRebalanceListener {

    static final String OUTAGE_WAIT = "ocop.consumer.outage.wait";
    static final String OUTAGE_TRIES = "ocop.consumer.outage.tries";
    static final String DEAD_LETTERS = "ocop.consumer.dead.letters";

    private final MeterRegistry registry;
    private final InstantSource clock;
    /** For each partition held up by an outage, its waiting record. */
    private final Map<TopicPartition, Waiting> waiting = new ConcurrentHashMap<>();

    /**
     * A record waiting for a server: its offset, when it first failed for the outage, and whether its
     * partition has been taken from this instance by a rebalance (it may come back, still waiting).
     */
    private record Waiting(long offset, Instant since, boolean away) {
        Waiting elsewhere() {
            return new Waiting(offset, since, true);
        }

        Waiting back() {
            return new Waiting(offset, since, false);
        }
    }

    ConsumerMeters(MeterRegistry registry, InstantSource clock) {
        this.registry = registry;
        this.clock = clock;
        TimeGauge.builder(OUTAGE_WAIT, this, TimeUnit.MILLISECONDS, meters -> meters.longestWait()
                        .toMillis())
                .description("How long the record waiting longest for a server to come back has waited")
                .register(registry);
    }

    /** How long the record that has waited longest for a server has been waiting; zero when none waits. */
    Duration longestWait() {
        var now = clock.instant();
        return waiting.values().stream()
                .filter(record -> !record.away())
                .map(Waiting::since)
                .min(Instant::compareTo)
                .map(since -> Duration.between(since, now))
                .filter(wait -> !wait.isNegative())
                .orElse(Duration.ZERO);
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
        failed(partitionOf(record), record.offset(), failure);
    }

    @Override
    public void failedDelivery(ConsumerRecords<?, ?> records, Exception failure, int attempt) {
        for (var partition : records.partitions()) {
            failed(partition, records.records(partition).getFirst().offset(), failure);
        }
    }

    private void failed(TopicPartition partition, long offset, Exception failure) {
        if (Outages.isOutage(failure)) {
            var now = clock.instant();
            waiting.compute(
                    partition,
                    (key, before) -> before != null && before.offset() == offset
                            ? before.back()
                            : new Waiting(offset, now, false));
            Counter.builder(OUTAGE_TRIES)
                    .description("Tries that failed because a server was away")
                    .tag("topic", partition.topic())
                    .register(registry)
                    .increment();
        } else {
            // The record's own fault, found once the server is back: it is no longer waiting for anything.
            waiting.remove(partition);
        }
    }

    @Override
    public void recovered(ConsumerRecord<?, ?> record, Exception failure) {
        waiting.remove(partitionOf(record));
        Counter.builder(DEAD_LETTERS)
                .description("Records published to their dead-letter topic")
                .tag("topic", record.topic())
                .register(registry)
                .increment();
    }

    @Override
    public void recovered(ConsumerRecords<?, ?> records, Exception failure) {
        for (var record : records) {
            recovered(record, failure);
        }
    }

    @Override
    public ConsumerRecord<Object, Object> intercept(
            ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        return record;
    }

    @Override
    public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        waiting.remove(partitionOf(record));
    }

    @Override
    public ConsumerRecords<Object, Object> intercept(
            ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        return records;
    }

    @Override
    public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        records.partitions().forEach(waiting::remove);
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> waiting.computeIfPresent(partition, (key, record) -> record.elsewhere()));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevokedAfterCommit(consumer, partitions);
    }

    /**
     * A partition back after a rebalance (the eager protocol takes every partition away and hands most of them
     * back) still waits on its record, from when it first did, unless another instance got past that record
     * meanwhile.
     */
    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (var partition : partitions) {
            var record = waiting.get(partition);
            if (record != null && record.away()) {
                if (consumer.position(partition) > record.offset()) {
                    waiting.remove(partition);
                } else {
                    waiting.replace(partition, record, record.back());
                }
            }
        }
    }

    private static TopicPartition partitionOf(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }
}
