package vn.ocop.trace.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.ocop.events.CloudEventHeaders;
import vn.ocop.events.EventCodec;
import vn.ocop.events.Topics;
import vn.ocop.events.trace.BatchRegistered;
import vn.ocop.servers.EmbeddedServers;
import vn.ocop.testing.CatalogueEvents;
import vn.ocop.testing.EventSamples;
import vn.ocop.testing.Http;
import vn.ocop.testing.KafkaRecords;
import vn.ocop.testing.ServiceArguments;
import vn.ocop.testing.ServiceIntegrationTest;
import vn.ocop.testing.TestTokens;
import vn.ocop.trace.TraceApplication;
import vn.ocop.trace.catalogue.ProductCopies;
import vn.ocop.web.Caller;
import vn.ocop.web.Role;

/** Batches and their origin on the real servers: the rules, and BatchRegistered through the outbox. */
@ServiceIntegrationTest
class BatchRegistrationIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    ProductCopies products;

    private final KafkaRecords kafka =
            new KafkaRecords(EmbeddedServers.shared().addresses().kafkaBootstrapServers());

    @Test
    void registersABatchAndPublishesBatchRegisteredAsTheContractSays() throws IOException {
        var producer = UUID.randomUUID();
        var product = listedProduct(producer, true);

        var response = new Http(port).post("/api/batches", TestTokens.producer(producer), batch(product, "THV-2604-A"));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        var id = response.json().get("id").asString();
        assertThat(response.json().get("origin").get("commune").asString()).isEqualTo("xã Ba Chẽ");
        var record = kafka.await(Topics.TRACE_BATCHES, r -> id.equals(r.key()), 1, Duration.ofSeconds(20))
                .getFirst();
        assertThat(KafkaRecords.header(record, CloudEventHeaders.TYPE)).isEqualTo("vn.ocop.trace.BatchRegistered.v1");
        assertThat(KafkaRecords.header(record, CloudEventHeaders.SOURCE)).isEqualTo("/trace-service");
        var event =
                (BatchRegistered) EventCodec.read(KafkaRecords.header(record, CloudEventHeaders.TYPE), record.value());
        assertThat(event.lot()).isEqualTo("THV-2604-A");
        assertThat(event.gtin()).isEqualTo("08930000000019");
        assertThat(event.producerId()).isEqualTo(producer);
        assertThat(event.certifications())
                .containsExactly(new BatchRegistered.Certification("VIETGAP", "VG-0123 (sample data)"));
        assertThat(EventSamples.fieldNames(record.value()))
                .isEqualTo(EventSamples.fieldNames(EventSamples.sample(BatchRegistered.class)));
        assertThat(new Http(port)
                        .get("/api/batches/" + id, null)
                        .json()
                        .get("lot")
                        .asString())
                .isEqualTo("THV-2604-A");
    }

    @Test
    void anEventCommittedBeforeACrashIsPublishedAfterRestart() {
        // The crashing and restarted services consume nothing: their listeners would share groups with
        // this class's service and take its events into another database.
        var arguments =
                ServiceArguments.withDatabase("trace_crash", Map.of("spring.kafka.listener.auto-startup", "false"));
        var producer = UUID.randomUUID();
        var product = UUID.randomUUID();

        UUID batch;
        try (var crashing = new SpringApplicationBuilder(TraceApplication.class)
                .properties(Map.of("ocop.messaging.relay.enabled", "false"))
                .initializers(new TestTokens.Initializer())
                .run(arguments)) {
            crashing.getBean(JdbcClient.class)
                    .sql(
                            "insert into product_copy (id, version, producer_id, name, gtin, listed, stars) values (?, 1, ?, ?, null, true, 4)")
                    .params(product, producer, "Miến dong Bình Liêu (sample data)")
                    .update();
            batch = crashing.getBean(Batches.class)
                    .register(
                            batch(product, "MD-0426"),
                            new Caller("p", Set.of(Role.PRODUCER), java.util.Optional.of(producer)))
                    .id();
        }
        var key = batch.toString();
        assertThat(kafka.await(Topics.TRACE_BATCHES, r -> key.equals(r.key()), 1, Duration.ofSeconds(2)))
                .isEmpty();

        try (var restarted = new SpringApplicationBuilder(TraceApplication.class)
                .initializers(new TestTokens.Initializer())
                .run(arguments)) {
            assertThat(kafka.await(Topics.TRACE_BATCHES, r -> key.equals(r.key()), 1, Duration.ofSeconds(20)))
                    .hasSize(1);
        }
    }

    @Test
    void refusesALotOutsideGs1Cset82OrLongerThanTwentyCharacters() {
        var producer = UUID.randomUUID();
        var product = listedProduct(producer, true);
        var http = new Http(port);

        for (var lot : List.of("Lô 1", "LOT 1", "ABCDEFGHIJKLMNOPQRSTU", "")) {
            var response = http.post("/api/batches", TestTokens.producer(producer), batch(product, lot));
            assertThat(response.status()).as(lot).isEqualTo(400);
            assertThat(response.json().get("field").asString()).isEqualTo("lot");
        }
        assertThat(http.post("/api/batches", TestTokens.producer(producer), batch(product, "ABCDEFGHIJKLMNOPQRST"))
                        .status())
                .as("twenty characters are allowed")
                .isEqualTo(201);
    }

    @Test
    void refusesAMissingInputAndDatesNoBatchCanHaveNamingTheField() {
        var producer = UUID.randomUUID();
        var product = listedProduct(producer, true);
        var http = new Http(port);
        var token = TestTokens.producer(producer);
        var valid = EventCodec.mapper().valueToTree(batch(product, "EDGE-1"));

        var nullInput = valid.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) nullInput).putArray("inputs").addNull();
        var longAgo = valid.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) longAgo).put("producedOn", "1800-01-01");
        var farAway = valid.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) farAway).put("expiresOn", "+10000000-01-01");

        assertThat(field(http.post("/api/batches", token, nullInput.toString())))
                .startsWith("inputs");
        assertThat(field(http.post("/api/batches", token, longAgo.toString()))).isEqualTo("producedOn");
        assertThat(field(http.post("/api/batches", token, farAway.toString()))).isEqualTo("expiresOn");
        assertThat(http.post("/api/batches", token, valid.toString()).status()).isEqualTo(201);
    }

    private static String field(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        return response.json().path("errors").get(0).path("field").asString();
    }

    @Test
    void refusesABatchOfAnotherProducersProduct() {
        var product = listedProduct(UUID.randomUUID(), true);

        var response =
                new Http(port).post("/api/batches", TestTokens.producer(UUID.randomUUID()), batch(product, "X-1"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void refusesABatchOfAProductNotForSale() {
        var producer = UUID.randomUUID();
        var product = listedProduct(producer, false);

        var response = new Http(port).post("/api/batches", TestTokens.producer(producer), batch(product, "X-2"));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("type").asString()).isEqualTo("urn:ocop:problem:product-not-listed");
    }

    @Test
    void refusesTheSameLotTwiceForOneProduct() {
        var producer = UUID.randomUUID();
        var product = listedProduct(producer, true);
        var http = new Http(port);
        assertThat(http.post("/api/batches", TestTokens.producer(producer), batch(product, "L-7"))
                        .status())
                .isEqualTo(201);

        var again = http.post("/api/batches", TestTokens.producer(producer), batch(product, "L-7"));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("field").asString()).isEqualTo("lot");
    }

    /** Publishes the product as the catalogue would and waits until this service has its copy. */
    private UUID listedProduct(UUID producer, boolean listed) {
        var product = UUID.randomUUID();
        var event = CatalogueEvents.productListed(
                product, producer, "Trà hoa vàng (sample data)", "BEVERAGES", "08930000000019", 450_000, listed);
        kafka.publish(event);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> products.find(product).isPresent());
        return product;
    }

    private static RegisterBatchRequest batch(UUID product, String lot) {
        return new RegisterBatchRequest(
                product,
                lot,
                500L,
                "hộp",
                new RegisterBatchRequest.Origin(
                        "Đồi chè Làng Mới (sample data)", "Quảng Ninh", "xã Ba Chẽ", 21.2717, 107.2891, 2.5),
                LocalDate.now(Batches.VIETNAM).minusDays(5),
                LocalDate.now(Batches.VIETNAM).plusYears(2),
                List.of(new RegisterBatchRequest.Input("Hoa trà vàng tươi", "hái tay")),
                List.of(new RegisterBatchRequest.Certification("VIETGAP", "VG-0123 (sample data)")));
    }
}
