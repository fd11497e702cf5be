package vn.ocop.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.ocop.events.CloudEventHeaders;
import vn.ocop.events.EventCatalog;
import vn.ocop.events.EventCodec;
import vn.ocop.events.PlatformEvent;

/** Reads what reached a topic, and writes raw records (duplicates, garbage) the way another service would. */
public final class KafkaRecords {

    private final String bootstrapServers;

    public KafkaRecords(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * The records matching {@code match} that {@code topic} holds now, read from the start to its end: for
     * asserting that something is not there.
     */
    public List<ConsumerRecord<String, String>> readAll(String topic, Predicate<ConsumerRecord<String, String>> match) {
        try (var consumer = reader(Map.of())) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            var found = new ArrayList<ConsumerRecord<String, String>>();
            var deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end " + ends);
                }
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        found.add(record);
                    }
                }
            }
            return found;
        }
    }

    /** A consumer of strings that commits nothing, with {@code settings} added. */
    private KafkaConsumer<String, String> reader(Map<String, Object> settings) {
        var config = new HashMap<String, Object>(settings);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return new KafkaConsumer<>(config);
    }

    /** Waits until records matching {@code match} are on {@code topic} (read from the start) and returns them. */
    public List<ConsumerRecord<String, String>> await(
            String topic, Predicate<ConsumerRecord<String, String>> match, int atLeast, Duration timeout) {
        try (var consumer = reader(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"))) {
            consumer.subscribe(List.of(topic));
            var found = new ArrayList<ConsumerRecord<String, String>>();
            var deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < atLeast && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        found.add(record);
                    }
                }
            }
            return found;
        }
    }

    /** Sends one record and returns where it landed. */
    public RecordMetadata send(String topic, String key, String value, Map<String, String> headers) {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class))) {
            var record = new ProducerRecord<>(topic, key, value);
            headers.forEach(
                    (name, v) -> record.headers().add(new RecordHeader(name, v.getBytes(StandardCharsets.UTF_8))));
            return producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not send to " + topic, e);
        }
    }

    /**
     * Waits until consumer group {@code group} has committed past {@code record}: its listener has handled
     * that record and everything before it on the partition.
     */
    public void awaitConsumed(String group, RecordMetadata record, Duration timeout) {
        var partition = new TopicPartition(record.topic(), record.partition());
        awaitOffsets(group, timeout, admin -> {
            var committed = committed(admin, group).get(partition);
            return committed != null && committed > record.offset()
                    ? null
                    : partition + " past offset " + record.offset() + " (committed: " + committed + ")";
        });
    }

    /**
     * Waits until consumer group {@code group} has committed every record now on {@code topic}: nothing
     * written there before this call is still to be handled by its listener.
     */
    public void awaitCaughtUp(String group, String topic, Duration timeout) {
        awaitOffsets(group, timeout, admin -> {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            var ends = admin.listOffsets(
                            partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all()
                    .get();
            var committed = committed(admin, group);
            var behind = partitions.stream()
                    .filter(p -> ends.get(p).offset() > committed.getOrDefault(p, 0L))
                    .map(p -> p + " (end " + ends.get(p).offset() + ", committed " + committed.get(p) + ")")
                    .toList();
            return behind.isEmpty() ? null : "all of " + topic + "; behind on " + behind;
        });
    }

    /** The offset consumer group {@code group} has committed on {@code partition}, or -1 if none. */
    public long committed(String group, TopicPartition partition) {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return committed(admin, group).getOrDefault(partition, -1L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not read the offsets of " + group, e);
        }
    }

    /** A check against the cluster: null when satisfied, else what is still missing. */
    @FunctionalInterface
    private interface OffsetCheck {
        String missing(Admin admin) throws Exception;
    }

    private void awaitOffsets(String group, Duration timeout, OffsetCheck check) {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                var missing = check.missing(admin);
                if (missing == null) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(group + " has not consumed " + missing + " within " + timeout);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw e instanceof RuntimeException r
                    ? r
                    : new IllegalStateException("Could not read the offsets of " + group, e);
        }
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String group) throws Exception {
        var committed = new HashMap<TopicPartition, Long>();
        admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get()
                .forEach((partition, offset) -> {
                    if (offset != null) {
                        committed.put(partition, offset.offset());
                    }
                });
        return committed;
    }

    /** Publishes an event as its owning service's relay does: on its topic, keyed by aggregate, with CloudEvents headers. */
    public void publish(PlatformEvent event) {
        send(
                EventCatalog.topicOf(event.getClass()),
                event.aggregateId(),
                EventCodec.write(event),
                Map.of(
                        CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0,
                        CloudEventHeaders.ID, event.eventId().toString(),
                        CloudEventHeaders.TYPE, EventCatalog.typeOf(event.getClass())));
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
