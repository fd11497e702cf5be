package vn.ocop.order.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.ocop.events.CloudEventHeaders;
import vn.ocop.events.EventCatalog;
import vn.ocop.events.Topics;
import vn.ocop.events.catalog.ProducerRegistered;
import vn.ocop.events.catalog.ProducerUpdated;
import vn.ocop.order.OrderServiceTest;
import vn.ocop.servers.EmbeddedServers;
import vn.ocop.testing.KafkaRecords;

/** The order service keeps its copy of producers from the catalogue's events, once each and only forwards. */
@OrderServiceTest
class CatalogueEventsIntegrationTests {

    @Autowired
    ProducerCopies copies;

    @Autowired
    JdbcClient jdbc;

    private final KafkaRecords kafka =
            new KafkaRecords(EmbeddedServers.shared().addresses().kafkaBootstrapServers());

    @Test
    void keepsACopyOfARegisteredProducerAndAbsorbsTheDuplicate() {
        var producer = UUID.randomUUID();
        var registered = registered(producer, 1, "HTX Chả Mực Hạ Long (sample data)");

        publish(registered);
        publish(registered);
        publish(registered(producer, 2, "HTX Chả Mực Hạ Long - Cửa hàng mới (sample data)"));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> copies.find(producer).map(c -> c.version() == 2).orElse(false));
        assertThat(timesProcessed(registered.eventId())).isEqualTo(1);
        assertThat(deadLetters(producer.toString(), Duration.ofSeconds(1))).isZero();
    }

    @Test
    void neverLetsAnOlderEventOverwriteANewerCopy() {
        var producer = UUID.randomUUID();
        publish(registered(producer, 2, "Tên mới (sample data)"));
        var late = registered(producer, 1, "Tên cũ (sample data)");

        publish(late);

        await().atMost(Duration.ofSeconds(20)).until(() -> timesProcessed(late.eventId()) == 1);
        var copy = copies.find(producer).orElseThrow();
        assertThat(copy.version()).isEqualTo(2);
        assertThat(copy.name()).isEqualTo("Tên mới (sample data)");
    }

    @Test
    void takesAProducersNewStandingFromProducerUpdated() {
        var producer = UUID.randomUUID();
        publish(new ProducerRegistered(
                UUID.randomUUID(),
                Instant.now(),
                producer,
                1,
                "HTX Tự Đăng Ký (sample data)",
                "COOPERATIVE",
                "Quảng Ninh",
                "xã Tiên Yên",
                null,
                false));
        var suspended = new ProducerUpdated(
                UUID.randomUUID(),
                Instant.now(),
                producer,
                3,
                "HTX Tự Đăng Ký (sample data)",
                "COOPERATIVE",
                "Quảng Ninh",
                "xã Tiên Yên",
                null,
                true,
                true);
        kafka.publish(suspended);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> copies.find(producer).map(c -> c.version() == 3).orElse(false));
        var copy = copies.find(producer).orElseThrow();
        assertThat(copy.verified()).isTrue();
        assertThat(copy.suspended()).isTrue();
    }

    @Test
    void sendsAnUnreadableRecordToTheDeadLetterTopicAndGoesOn() {
        var producer = UUID.randomUUID();
        var key = producer.toString();
        kafka.send(
                Topics.CATALOG_PRODUCERS,
                key,
                "{not json",
                Map.of(CloudEventHeaders.TYPE, EventCatalog.typeOf(ProducerRegistered.class)));
        kafka.send(Topics.CATALOG_PRODUCERS, key, "{}", Map.of());

        publish(registered(producer, 1, "HTX Hàu Vân Đồn (sample data)"));

        await().atMost(Duration.ofSeconds(20)).until(() -> copies.find(producer).isPresent());
        var dead = kafka.await(
                Topics.deadLetter(Topics.CATALOG_PRODUCERS), r -> key.equals(r.key()), 2, Duration.ofSeconds(20));
        assertThat(dead).extracting(r -> r.value()).containsExactly("{not json", "{}");
    }

    private long deadLetters(String key, Duration wait) {
        return kafka.await(Topics.deadLetter(Topics.CATALOG_PRODUCERS), r -> key.equals(r.key()), 1, wait)
                .size();
    }

    private long timesProcessed(UUID eventId) {
        return jdbc.sql("select count(*) from processed_event where event_id = ?")
                .param(eventId)
                .query(Long.class)
                .single();
    }

    private void publish(ProducerRegistered event) {
        kafka.publish(event);
    }

    private static ProducerRegistered registered(UUID producer, long version, String name) {
        return new ProducerRegistered(
                UUID.randomUUID(),
                Instant.now(),
                producer,
                version,
                name,
                "COOPERATIVE",
                "Quảng Ninh",
                "xã Vân Đồn",
                null,
                true);
    }
}
