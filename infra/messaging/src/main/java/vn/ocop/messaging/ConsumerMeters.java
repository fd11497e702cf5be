package vn.ocop.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * containers' record and batch interceptor), when the record turns out to be at fault and is dead-lettered,
 * or when its partition moves to another consumer.
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
    private final Clock clock;
    /** For each partition held up by an outage, when its waiting record first failed for it. */
    private final Map<TopicPartition, Instant> waitingSince = new ConcurrentHashMap<>();

    ConsumerMeters(MeterRegistry registry, Clock clock) {
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
        return waitingSince.values().stream()
                .min(Instant::compareTo)
                .map(since -> Duration.between(since, now))
                .filter(wait -> !wait.isNegative())
                .orElse(Duration.ZERO);
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
        failed(partitionOf(record), record.topic(), failure);
    }

    @Override
    public void failedDelivery(ConsumerRecords<?, ?> records, Exception failure, int attempt) {
        for (var partition : records.partitions()) {
            failed(partition, partition.topic(), failure);
        }
    }

    private void failed(TopicPartition partition, String topic, Exception failure) {
        if (Outages.isOutage(failure)) {
            waitingSince.putIfAbsent(partition, clock.instant());
            Counter.builder(OUTAGE_TRIES)
                    .description("Tries that failed because a server was away")
                    .tag("topic", topic)
                    .register(registry)
                    .increment();
        } else {
            // The record's own fault, found once the server is back: it is no longer waiting for anything.
            waitingSince.remove(partition);
        }
    }

    @Override
    public void recovered(ConsumerRecord<?, ?> record, Exception failure) {
        waitingSince.remove(partitionOf(record));
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
        waitingSince.remove(partitionOf(record));
    }

    @Override
    public ConsumerRecords<Object, Object> intercept(
            ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        return records;
    }

    @Override
    public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        records.partitions().forEach(waitingSince::remove);
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(waitingSince::remove);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(waitingSince::remove);
    }

    private static TopicPartition partitionOf(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }
}
