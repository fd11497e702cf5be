package vn.ocop.trace.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

    @Autowired
    javax.sql.DataSource database;

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
        for (var list : List.of("events", "documents")) {
            var empty = new Http(port).get("/api/batches/" + id + "/" + list, null);
            assertThat(empty.status()).as(list).isEqualTo(200);
            assertThat(empty.json().size()).as(list).isZero();
            var unknown = new Http(port).get("/api/batches/" + UUID.randomUUID() + "/" + list, null);
            assertThat(unknown.status())
                    .as("a batch nobody registered: " + list)
                    .isEqualTo(404);
        }
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

        // "." and ".." alone are dot segments: a browser drops them from the printed Digital Link.
        for (var lot : List.of("Lô 1", "LOT 1", "ABCDEFGHIJKLMNOPQRSTU", "", ".", "..")) {
            var response = http.post("/api/batches", TestTokens.producer(producer), batch(product, lot));
            assertThat(response.status()).as(lot).isEqualTo(400);
            assertThat(response.json().get("field").asString()).isEqualTo("lot");
        }
        assertThat(http.post("/api/batches", TestTokens.producer(producer), batch(product, "ABCDEFGHIJKLMNOPQRST"))
                        .status())
                .as("twenty characters are allowed")
                .isEqualTo(201);
        assertThat(http.post("/api/batches", TestTokens.producer(producer), batch(product, "..."))
                        .status())
                .as("dots with more to them are a lot like any other")
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
        var farAhead = valid.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) farAhead).put("producedOn", "+999999950-01-01");
        ((tools.jackson.databind.node.ObjectNode) farAhead).put("expiresOn", "+999999951-01-01");

        assertThat(field(http.post("/api/batches", token, nullInput.toString())))
                .startsWith("inputs");
        assertThat(field(http.post("/api/batches", token, longAgo.toString()))).isEqualTo("producedOn");
        assertThat(field(http.post("/api/batches", token, farAway.toString()))).isEqualTo("expiresOn");
        assertThat(field(http.post("/api/batches", token, farAhead.toString()))).isEqualTo("producedOn");
        // 1e400 is read as an infinite double; no field of farmland is that large.
        var endless = valid.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) endless.get("origin"))
                .put("areaHectares", new java.math.BigDecimal("1e400"));
        assertThat(endless.toString()).contains("\"areaHectares\":1E+400");
        assertThat(field(http.post("/api/batches", token, endless.toString()))).isEqualTo("origin.areaHectares");
        var merged = valid.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) merged.get("origin")).put("province", "Hà Giang");
        var refused = http.post("/api/batches", token, merged.toString());
        assertThat(field(refused)).isEqualTo("origin.province");
        assertThat(refused.json().get("detail").asString())
                .isEqualTo("Hà Giang has been part of Tuyên Quang since 1 July 2025");
        // A province typed without diacritics is kept under its name.
        ((tools.jackson.databind.node.ObjectNode) valid.get("origin")).put("province", "quang ninh");
        var registered = http.post("/api/batches", token, valid.toString());
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(registered.json().get("origin").get("province").asString()).isEqualTo("Quảng Ninh");
    }

    private static String field(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        return response.json().path("errors").get(0).path("field").asString();
    }

    @Test
    void aLotRegisteredWhileThisRegistrationWaitedIsADuplicateNamingIt() throws Exception {
        var producer = UUID.randomUUID();
        var product = listedProduct(producer, true);
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (var other = database.getConnection()) {
            other.setAutoCommit(false);
            try (var insert = other.prepareStatement(
                    """
                    insert into batch (id, version, product_id, producer_id, lot, quantity, unit, origin_name, province,
                                       commune, produced_on, expires_on, inputs, certifications, registered_at)
                    values (gen_random_uuid(), 1, ?, ?, 'RACE-1', 10, 'hộp', 'Đồi chè (sample data)', 'Quảng Ninh',
                            'xã Quảng Tân', current_date, current_date + 30, '[]', '[]', now())
                    """)) {
                insert.setObject(1, product);
                insert.setObject(2, producer);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            var registration = pool.submit(
                    () -> new Http(port).post("/api/batches", TestTokens.producer(producer), batch(product, "RACE-1")));
            vn.ocop.testing.LockWaits.await(database, 1, registration);
            other.commit();

            var response = registration.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(response.status()).as(response.body()).isEqualTo(409);
            assertThat(response.json().get("type").asString()).isEqualTo("urn:ocop:problem:duplicate-lot");
            assertThat(response.json().get("field").asString()).isEqualTo("lot");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCorrectionRecordedWhileThisOneWaitedIsRefusedAsEventCorrected() throws Exception {
        var producer = UUID.randomUUID();
        var product = listedProduct(producer, true);
        var http = new Http(port);
        var token = TestTokens.producer(producer);
        var batch = http.post("/api/batches", token, batch(product, "FIX-1"))
                .json()
                .get("id")
                .asString();
        var packing = http.post(
                        "/api/batches/" + batch + "/events",
                        token,
                        Map.of("bizStep", "packing", "eventTime", "2026-05-04T09:00:00+07:00"))
                .json()
                .get("id")
                .asString();
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (var other = database.getConnection()) {
            other.setAutoCommit(false);
            try (var insert = other.prepareStatement(
                    """
                    insert into trace_event (id, batch_id, event_type, biz_step, event_time, event_time_offset, who,
                                             corrects, recorded_at, recorded_by)
                    values (gen_random_uuid(), ?, 'ObjectEvent', 'packing', now(), '+07:00', 'HTX (sample data)', ?,
                            now(), 'other')
                    """)) {
                insert.setObject(1, UUID.fromString(batch));
                insert.setObject(2, UUID.fromString(packing));
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            var correction = pool.submit(() -> http.post(
                    "/api/batches/" + batch + "/events",
                    token,
                    Map.of("bizStep", "packing", "eventTime", "2026-05-04T09:00:00+07:00", "corrects", packing)));
            vn.ocop.testing.LockWaits.await(database, 1, correction);
            other.commit();

            var response = correction.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(response.status()).as(response.body()).isEqualTo(409);
            assertThat(response.json().get("type").asString()).isEqualTo("urn:ocop:problem:event-corrected");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void inputsNeverFormACycleEvenWhenTwoProducersNameThemAtOnce() throws Exception {
        var producer = UUID.randomUUID();
        var product = listedProduct(producer, true);
        var http = new Http(port);
        var token = TestTokens.producer(producer);
        for (int round = 0; round < 5; round++) {
            var a = http.post("/api/batches", token, batch(product, "CYC-A" + round))
                    .json()
                    .get("id")
                    .asString();
            var b = http.post("/api/batches", token, batch(product, "CYC-B" + round))
                    .json()
                    .get("id")
                    .asString();
            assertThat(http.put("/api/batches/" + a + "/inputs", token, Map.of("batchIds", List.of(a)))
                            .json()
                            .get("field")
                            .asString())
                    .isEqualTo("batchIds[0]");

            List<Integer> statuses;
            try (var both = java.util.concurrent.Executors.newFixedThreadPool(2)) {
                var aFromB = both.submit(
                        () -> http.put("/api/batches/" + a + "/inputs", token, Map.of("batchIds", List.of(b)))
                                .status());
                var bFromA = both.submit(
                        () -> http.put("/api/batches/" + b + "/inputs", token, Map.of("batchIds", List.of(a)))
                                .status());
                statuses = List.of(aFromB.get(), bFromA.get());
            }

            assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(204, 400);
        }

        // Two changes at once rarely meet by chance; what keeps them apart is that a change waits for
        // one under way. Here one is under way: a transaction holding the inputs' lock.
        var c = http.post("/api/batches", token, batch(product, "CYC-C"))
                .json()
                .get("id")
                .asString();
        try (var connection = database.getConnection();
                var waiting = java.util.concurrent.Executors.newSingleThreadExecutor()) {
            connection.setAutoCommit(false);
            try (var lock = connection.createStatement()) {
                lock.execute("select pg_advisory_xact_lock(" + Recalls.INPUTS_LOCK + ")");
            }
            var change =
                    waiting.submit(() -> http.put("/api/batches/" + c + "/inputs", token, Map.of("batchIds", List.of()))
                            .status());
            assertThatThrownBy(() -> change.get(1, java.util.concurrent.TimeUnit.SECONDS))
                    .as("the change waits while another is under way")
                    .isInstanceOf(java.util.concurrent.TimeoutException.class);
            connection.rollback();
            assertThat(change.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(204);
        }
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
