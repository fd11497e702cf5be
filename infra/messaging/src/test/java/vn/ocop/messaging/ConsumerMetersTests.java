package vn.ocop.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** How long consumers have waited for a server, and how many records they dead-lettered, as metrics. */
class ConsumerMetersTests {

    private static final String ORDERS = "ocop.order.orders.v1";
    private static final String PRODUCTS = "ocop.catalog.products.v1";

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T03:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConsumerMeters meters = new ConsumerMeters(registry, now::get);

    private final Exception outage = new ServerUnavailable("Elasticsearch", new ConnectException("refused"));
    private final Exception fault = new IllegalArgumentException("no such product group");

    @Test
    void aRecordWaitingForAServerShowsHowLongItHasWaitedUntilItGetsThrough() {
        var order = record(ORDERS, 0, 41);
        assertThat(waitSeconds()).isZero();

        meters.failedDelivery(order, outage, 1);
        move(Duration.ofSeconds(30));
        meters.failedDelivery(order, outage, 2);
        move(Duration.ofSeconds(45));

        assertThat(waitSeconds()).as("counted from the first failed try").isEqualTo(75.0);
        assertThat(registry.get(ConsumerMeters.OUTAGE_TRIES)
                        .tag("topic", ORDERS)
                        .counter()
                        .count())
                .isEqualTo(2.0);

        meters.success(record(ORDERS, 0, 41), null);
        assertThat(waitSeconds()).isZero();
    }

    @Test
    void theLongestWaitIsTheOldestOfThePartitionsHeldUp() {
        meters.failedDelivery(record(ORDERS, 0, 7), outage, 1);
        move(Duration.ofSeconds(20));
        meters.failedDelivery(record(PRODUCTS, 2, 9), outage, 1);
        move(Duration.ofSeconds(10));
        assertThat(waitSeconds()).isEqualTo(30.0);

        // A batch listener gets through a batch holding the orders partition's records.
        meters.success(batch(record(ORDERS, 0, 7), record(ORDERS, 0, 8)), null);
        assertThat(waitSeconds()).as("the products partition still waits").isEqualTo(10.0);

        meters.onPartitionsRevokedAfterCommit(null, List.of(new TopicPartition(PRODUCTS, 2)));
        assertThat(waitSeconds()).as("another consumer has the partition now").isZero();
    }

    @Test
    void aPartitionHandedBackByARebalanceWaitsOnFromWhenItFirstDidUnlessAnotherInstanceGotPastItsRecord() {
        var orders = new TopicPartition(ORDERS, 0);
        var products = new TopicPartition(PRODUCTS, 1);
        meters.failedDelivery(record(ORDERS, 0, 41), outage, 1);
        meters.failedDelivery(record(PRODUCTS, 1, 9), outage, 1);
        move(Duration.ofSeconds(40));
        meters.onPartitionsRevokedAfterCommit(null, List.of(orders, products));
        assertThat(waitSeconds()).isZero();

        // Both come back: the orders partition still stands at its waiting record, while another instance
        // got past the products partition's record before handing it back.
        var consumer = new MockConsumer<Object, Object>("earliest");
        consumer.assign(List.of(orders, products));
        consumer.seek(orders, 41);
        consumer.seek(products, 12);
        move(Duration.ofSeconds(5));
        meters.onPartitionsAssigned(consumer, List.of(orders, products));

        assertThat(waitSeconds()).as("the orders record has waited all along").isEqualTo(45.0);
        meters.success(record(ORDERS, 0, 41), null);
        assertThat(waitSeconds())
                .as("nothing left waiting on the products partition")
                .isZero();
    }

    @Test
    void aFaultOfTheRecordIsNoWaitAndItsDeadLetterIsCounted() {
        var order = record(ORDERS, 1, 3);
        meters.failedDelivery(order, outage, 1);
        move(Duration.ofSeconds(5));
        // The server is back and the record turns out to be at fault.
        meters.failedDelivery(order, fault, 1);
        assertThat(waitSeconds()).isZero();

        meters.failedDelivery(order, fault, 2);
        meters.recovered(order, fault);
        assertThat(registry.get(ConsumerMeters.DEAD_LETTERS)
                        .tag("topic", ORDERS)
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.get(ConsumerMeters.OUTAGE_TRIES)
                        .tag("topic", ORDERS)
                        .counter()
                        .count())
                .as("only the try that failed for the outage")
                .isEqualTo(1.0);
        assertThat(waitSeconds()).isZero();
    }

    @Test
    void aWholeBatchThatWaitsHoldsUpEachOfItsPartitions() {
        meters.failedDelivery(batch(record(ORDERS, 0, 1), record(ORDERS, 1, 1)), outage, 1);
        move(Duration.ofSeconds(12));
        meters.success(record(ORDERS, 0, 1), null);
        assertThat(waitSeconds()).as("partition 1 still waits").isEqualTo(12.0);

        meters.recovered(batch(record(ORDERS, 1, 1), record(ORDERS, 1, 2)), fault);
        assertThat(registry.get(ConsumerMeters.DEAD_LETTERS)
                        .tag("topic", ORDERS)
                        .counter()
                        .count())
                .isEqualTo(2.0);
        assertThat(waitSeconds()).isZero();
    }

    private void move(Duration by) {
        now.updateAndGet(time -> time.plus(by));
    }

    private double waitSeconds() {
        return registry.get(ConsumerMeters.OUTAGE_WAIT).timeGauge().value(TimeUnit.SECONDS);
    }

    private static ConsumerRecord<Object, Object> record(String topic, int partition, long offset) {
        return new ConsumerRecord<>(topic, partition, offset, "key-" + offset, "{}");
    }

    @SafeVarargs
    private static ConsumerRecords<Object, Object> batch(ConsumerRecord<Object, Object>... records) {
        var byPartition = new LinkedHashMap<TopicPartition, List<ConsumerRecord<Object, Object>>>();
        for (var record : records) {
            byPartition
                    .computeIfAbsent(new TopicPartition(record.topic(), record.partition()), p -> new ArrayList<>())
                    .add(record);
        }
        return new ConsumerRecords<>(Map.copyOf(byPartition), Map.of());
    }
}
