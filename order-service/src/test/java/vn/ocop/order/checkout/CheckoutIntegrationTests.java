package vn.ocop.order.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
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
import vn.ocop.events.catalog.ProductDelisted;
import vn.ocop.events.order.OrderPlaced;
import vn.ocop.order.OrderApplication;
import vn.ocop.order.OrderServiceTest;
import vn.ocop.order.catalogue.ProductCopies;
import vn.ocop.servers.EmbeddedServers;
import vn.ocop.testing.CatalogueEvents;
import vn.ocop.testing.EventSamples;
import vn.ocop.testing.Http;
import vn.ocop.testing.KafkaRecords;
import vn.ocop.testing.ServiceArguments;
import vn.ocop.testing.TestTokens;
import vn.ocop.web.Caller;
import vn.ocop.web.Role;

/** Checkout on the real servers: one order per producer, catalogue-copy prices, once per key, OrderPlaced out. */
@OrderServiceTest
class CheckoutIntegrationTests {

    /** Long enough for the relay to publish the checkout's event and for a second one, were there one, to follow. */
    private static final Duration ONCE = Duration.ofSeconds(8);

    @LocalServerPort
    int port;

    @Autowired
    ProductCopies products;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Checkouts checkouts;

    private final KafkaRecords kafka =
            new KafkaRecords(EmbeddedServers.shared().addresses().kafkaBootstrapServers());

    @Test
    void placesOneOrderPerProducerAtCataloguePricesAndPublishesOrderPlaced() throws IOException {
        var tea = UUID.randomUUID();
        var oil = UUID.randomUUID();
        var teaBox = listed(tea, "Trà hoa vàng (sample data)", 450_000);
        var teaBags = listed(tea, "Trà túi lọc (sample data)", 180_000);
        var oilBottle = listed(oil, "Dầu sở (sample data)", 320_000);
        var body = Map.of(
                "lines",
                        List.of(
                                Map.of("productId", teaBox.toString(), "quantity", 2, "priceVnd", 1),
                                Map.of("productId", teaBags.toString(), "quantity", 1),
                                Map.of("productId", oilBottle.toString(), "quantity", 3)),
                "delivery", deliveredIn("tp ha noi"));

        var response = new Http(port).post("/api/checkouts", TestTokens.shopper(), body, key());

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        var checkout = response.json();
        assertThat(checkout.get("totalVnd").asLong())
                .as("prices from the catalogue copy, the client's ignored")
                .isEqualTo(2 * 450_000 + 180_000 + 3 * 320_000);
        assertThat(checkout.get("orders").size()).isEqualTo(2);
        assertThat(checkout.get("delivery").get("province").asString())
                .as("the province as the platform names it")
                .isEqualTo("Hà Nội");
        var checkoutId = checkout.get("id").asString();
        assertThat(new Http(port)
                        .get("/api/checkouts/" + checkoutId, TestTokens.shopper())
                        .json())
                .as("the answer to the placement is the checkout as stored")
                .isEqualTo(checkout);
        var listed = new java.util.ArrayList<tools.jackson.databind.JsonNode>();
        new Http(port)
                .get("/api/checkouts?size=100", TestTokens.shopper())
                .json()
                .forEach(listed::add);
        assertThat(listed)
                .as("the shopper's list shows it as stored")
                .filteredOn(node -> node.get("id").asString().equals(checkoutId))
                .containsExactly(checkout);
        var records = kafka.await(Topics.ORDERS, r -> r.value().contains(checkoutId), 2, Duration.ofSeconds(20));
        assertThat(records).hasSize(2);
        for (var record : records) {
            var event =
                    (OrderPlaced) EventCodec.read(KafkaRecords.header(record, CloudEventHeaders.TYPE), record.value());
            assertThat(record.key()).isEqualTo(event.orderId().toString());
            assertThat(event.producerId()).isIn(tea, oil);
            assertThat(event.totalVnd()).isEqualTo(event.producerId().equals(tea) ? 1_080_000 : 960_000);
            assertThat(event.destination().commune()).isEqualTo("phường Hoàn Kiếm");
            assertThat(event.destination().province()).isEqualTo("Hà Nội");
            assertThat(EventSamples.fieldNames(record.value()))
                    .isEqualTo(EventSamples.fieldNames(EventSamples.sample(OrderPlaced.class)));
        }
    }

    @Test
    void aPaymentReferenceAlreadyTakenIsDrawnAgainAndTheCheckoutIsPlaced() {
        var product = listed(UUID.randomUUID(), "Miến dong (sample data)", 70_000);
        var body = Map.of(
                "lines", List.of(Map.of("productId", product.toString(), "quantity", 1)), "delivery", delivery());
        var first = new Http(port).post("/api/checkouts", TestTokens.shopper(), body, key());
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        var taken = first.json().get("paymentReference").asString();

        var draws = new java.util.ArrayDeque<>(List.of(taken, taken));
        checkouts.useReferences(() -> draws.isEmpty() ? vn.ocop.order.payment.Payments.newReference() : draws.poll());
        try {
            var second = new Http(port).post("/api/checkouts", TestTokens.shopper(), body, key());
            assertThat(second.status()).as(second.body()).isEqualTo(201);
            assertThat(draws).as("both taken draws were tried").isEmpty();
            assertThat(second.json().get("paymentReference").asString()).isNotEqualTo(taken);
            assertThat(second.json().get("id").asString())
                    .isNotEqualTo(first.json().get("id").asString());
        } finally {
            checkouts.useReferences(vn.ocop.order.payment.Payments::newReference);
        }
    }

    @Test
    void theSameKeyAndBodyReturnTheSameCheckoutWithoutPlacingAgain() {
        var product = listed(UUID.randomUUID(), "Miến dong (sample data)", 70_000);
        var body = Map.of(
                "lines", List.of(Map.of("productId", product.toString(), "quantity", 4)), "delivery", delivery());
        var key = key();
        var http = new Http(port);

        var first = http.post("/api/checkouts", TestTokens.shopper(), body, key);
        var again = http.post("/api/checkouts", TestTokens.shopper(), body, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        var id = first.json().get("id").asString();
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(jdbc.sql("select count(*) from customer_order where checkout_id = ?::uuid")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(kafka.await(Topics.ORDERS, r -> r.value().contains(id), 2, ONCE))
                .hasSize(1);
    }

    @Test
    void requestsRacingWithOneKeyPlaceOneCheckoutAndAllAnswerIt() throws Exception {
        var product = listed(UUID.randomUUID(), "Chả mực (sample data)", 250_000);
        var body = Map.of(
                "lines", List.of(Map.of("productId", product.toString(), "quantity", 1)), "delivery", delivery());
        var key = key();
        var http = new Http(port);
        var start = new java.util.concurrent.CountDownLatch(1);
        var answers = new java.util.ArrayList<java.util.concurrent.Future<Http.Response>>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(6)) {
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return http.post("/api/checkouts", TestTokens.shopper(), body, key);
                }));
            }
            start.countDown();
        }

        var statuses = new java.util.ArrayList<Integer>();
        var bodies = new java.util.HashSet<tools.jackson.databind.JsonNode>();
        for (var answer : answers) {
            statuses.add(answer.get().status());
            bodies.add(answer.get().json());
        }
        assertThat(statuses).as("one placement, the others its answer").containsOnly(201, 200);
        assertThat(statuses.stream().filter(status -> status == 201)).hasSize(1);
        assertThat(bodies).as("every request answered with the same checkout").hasSize(1);
        var id = bodies.iterator().next().get("id").asString();
        assertThat(jdbc.sql("select count(*) from checkout where idempotency_key = ?")
                        .param(key.get("Idempotency-Key"))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(kafka.await(Topics.ORDERS, r -> r.value().contains(id), 2, ONCE))
                .as("OrderPlaced once")
                .hasSize(1);
    }

    @Test
    void aRepeatedKeyAnswersWithItsCheckoutAfterTheProductIsWithdrawn() {
        var producer = UUID.randomUUID();
        var name = "Sá sùng khô (sample data)";
        var product = listed(producer, name, 1_200_000);
        var body = Map.of(
                "lines", List.of(Map.of("productId", product.toString(), "quantity", 1)), "delivery", delivery());
        var key = key();
        var http = new Http(port);
        var first = http.post("/api/checkouts", TestTokens.shopper(), body, key);
        assertThat(first.status()).as(first.body()).isEqualTo(201);

        var withdrawn = CatalogueEvents.productListed(product, producer, name, "FOOD", null, 1_200_000, false);
        kafka.publish(new ProductDelisted(
                UUID.randomUUID(), Instant.now(), product, 3, "OCOP certificate expired", withdrawn.product()));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !products.find(List.of(product)).get(product).listed());

        var again = http.post("/api/checkouts", TestTokens.shopper(), body, key);
        var fresh = http.post("/api/checkouts", TestTokens.shopper(), body, key());

        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(fresh.status()).as("a new key for the withdrawn product").isEqualTo(422);
        assertThat(fresh.json().get("field").asString()).isEqualTo("lines[0].productId");
    }

    @Test
    void refusesTheSameKeyWithAnotherBody() {
        var product = listed(UUID.randomUUID(), "Nước mắm (sample data)", 150_000);
        var key = key();
        var http = new Http(port);
        http.post(
                "/api/checkouts",
                TestTokens.shopper(),
                Map.of(
                        "lines",
                        List.of(Map.of("productId", product.toString(), "quantity", 1)),
                        "delivery",
                        delivery()),
                key);

        var other = http.post(
                "/api/checkouts",
                TestTokens.shopper(),
                Map.of(
                        "lines",
                        List.of(Map.of("productId", product.toString(), "quantity", 2)),
                        "delivery",
                        delivery()),
                key);

        assertThat(other.status()).isEqualTo(409);
        assertThat(other.json().get("type").asString()).isEqualTo("urn:ocop:problem:idempotency-key-reused");
    }

    @Test
    void refusesBadCheckoutsNamingTheField() {
        var listedProduct = listed(UUID.randomUUID(), "Chả mực (sample data)", 320_000);
        var http = new Http(port);
        var cases = Map.of(
                "lines[0].productId",
                        Map.of(
                                "lines",
                                List.of(Map.of("productId", UUID.randomUUID().toString(), "quantity", 1)),
                                "delivery",
                                delivery()),
                "lines[0].quantity",
                        Map.of(
                                "lines",
                                List.of(Map.of("productId", listedProduct.toString(), "quantity", 0)),
                                "delivery",
                                delivery()),
                "lines", Map.of("lines", List.of(), "delivery", delivery()),
                "delivery.province",
                        Map.of(
                                "lines",
                                List.of(Map.of("productId", listedProduct.toString(), "quantity", 1)),
                                "delivery",
                                deliveredIn("Nam Định")),
                "delivery.phone",
                        Map.of(
                                "lines",
                                List.of(Map.of("productId", listedProduct.toString(), "quantity", 1)),
                                "delivery",
                                Map.of(
                                        "name",
                                        "Nguyễn Văn A",
                                        "phone",
                                        "12345",
                                        "province",
                                        "Hà Nội",
                                        "commune",
                                        "phường Hoàn Kiếm",
                                        "street",
                                        "1 Tràng Tiền")));
        for (var entry : cases.entrySet()) {
            var response = http.post("/api/checkouts", TestTokens.shopper(), entry.getValue(), key());
            assertThat(response.status())
                    .as(entry.getKey() + ": " + response.body())
                    .isIn(400, 422);
            assertThat(response.json().get("field").asString()).isEqualTo(entry.getKey());
        }
        var noKey = http.post("/api/checkouts", TestTokens.shopper(), cases.get("lines"));
        assertThat(noKey.status()).isEqualTo(400);
        var fractional = http.post(
                "/api/checkouts",
                TestTokens.shopper(),
                "{\"lines\":[{\"productId\":\"" + listedProduct + "\",\"quantity\":1.5}],\"delivery\":"
                        + json(delivery()) + "}",
                key());
        assertThat(fractional.status()).isEqualTo(400);
        // PostgreSQL refuses a NUL in text: the request's fault, answered so, and nothing is stored.
        var withNul = new java.util.HashMap<>(delivery());
        withNul.put("name", "Nguyễn\u0000Văn A");
        var nul = http.post(
                "/api/checkouts",
                TestTokens.shopper(),
                Map.of(
                        "lines",
                        List.of(Map.of("productId", listedProduct.toString(), "quantity", 1)),
                        "delivery",
                        withNul),
                key());
        assertThat(nul.status()).as(nul.body()).isEqualTo(400);
        assertThat(nul.contentType()).startsWith("application/problem+json");
    }

    @Test
    void refusesACheckoutNoVietQrPaymentCouldCarry() {
        var producer = UUID.randomUUID();
        var lines = new java.util.ArrayList<Map<String, Object>>();
        for (int i = 0; i < 10; i++) {
            // ten lines of a thousand at a billion đồng: 10^13, one digit more than field 54 holds
            lines.add(Map.of(
                    "productId",
                    listed(producer, "Trầm hương " + i + " (sample data)", 1_000_000_000)
                            .toString(),
                    "quantity",
                    1_000));
        }

        var response = new Http(port)
                .post("/api/checkouts", TestTokens.shopper(), Map.of("lines", lines, "delivery", delivery()), key());

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.json().get("type").asString()).isEqualTo("urn:ocop:problem:total-too-large");
        assertThat(response.json().get("field").asString()).isEqualTo("lines");
    }

    @Test
    void showsACheckoutOnlyToItsShopperAndRefusesProducersCheckingOut() {
        var product = listed(UUID.randomUUID(), "Hàu sấy (sample data)", 250_000);
        var body = Map.of(
                "lines", List.of(Map.of("productId", product.toString(), "quantity", 1)), "delivery", delivery());
        var http = new Http(port);
        var id = http.post("/api/checkouts", TestTokens.shopper(), body, key())
                .json()
                .get("id")
                .asString();

        var stranger = TestTokens.token("another@example.vn", List.of("SHOPPER"), null, Duration.ofMinutes(5));
        assertThat(http.get("/api/checkouts/" + id, stranger).status()).isEqualTo(404);
        assertThat(http.get("/api/checkouts/" + id, TestTokens.shopper()).status())
                .isEqualTo(200);
        assertThat(http.post("/api/checkouts", TestTokens.producer(UUID.randomUUID()), body, key())
                        .status())
                .isEqualTo(403);
    }

    @Test
    void anOrderCommittedBeforeACrashIsPublishedAfterRestart() {
        // The crashing and restarted services consume nothing: their listeners would share groups with
        // this class's service and take its events into another database.
        var arguments =
                ServiceArguments.withDatabase("order_crash", Map.of("spring.kafka.listener.auto-startup", "false"));
        var product = UUID.randomUUID();

        UUID checkout;
        try (var crashing = new SpringApplicationBuilder(OrderApplication.class)
                .properties(Map.of("ocop.messaging.relay.enabled", "false"))
                .initializers(new TestTokens.Initializer())
                .run(arguments)) {
            crashing.getBean(JdbcClient.class)
                    .sql(
                            "insert into product_copy (id, version, producer_id, name, price_vnd, listed) values (?, 1, ?, ?, 90000, true)")
                    .params(product, UUID.randomUUID(), "Đường phèn (sample data)")
                    .update();
            var request = new CheckoutRequest(
                    List.of(new CheckoutRequest.Line(product, 2)),
                    new CheckoutRequest.Delivery(
                            "Nguyễn Văn A", "0912345678", "Hà Nội", "phường Hoàn Kiếm", "1 Tràng Tiền"));
            checkout = crashing.getBean(Checkouts.class)
                    .place(
                            request,
                            UUID.randomUUID().toString(),
                            new Caller("crash@example.vn", Set.of(Role.SHOPPER), java.util.Optional.empty()))
                    .checkout()
                    .id();
        }
        var id = checkout.toString();
        assertThat(kafka.await(Topics.ORDERS, r -> r.value().contains(id), 1, Duration.ofSeconds(2)))
                .isEmpty();

        try (var restarted = new SpringApplicationBuilder(OrderApplication.class)
                .initializers(new TestTokens.Initializer())
                .run(arguments)) {
            assertThat(kafka.await(Topics.ORDERS, r -> r.value().contains(id), 1, Duration.ofSeconds(20)))
                    .hasSize(1);
        }
    }

    /** Publishes a listed product as the catalogue would, and waits until this service has its copy. */
    private UUID listed(UUID producer, String name, long price) {
        var product = UUID.randomUUID();
        var event = CatalogueEvents.productListed(product, producer, name, "FOOD", null, price, true);
        kafka.publish(event);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !products.find(List.of(product)).isEmpty());
        return product;
    }

    private static Map<String, Object> deliveredIn(String province) {
        var delivery = new java.util.HashMap<>(delivery());
        delivery.put("province", province);
        return delivery;
    }

    private static Map<String, Object> delivery() {
        return Map.of(
                "name",
                "Nguyễn Văn A",
                "phone",
                "0912345678",
                "province",
                "Hà Nội",
                "commune",
                "phường Hoàn Kiếm",
                "street",
                "1 Tràng Tiền");
    }

    private static Map<String, String> key() {
        return Map.of("Idempotency-Key", UUID.randomUUID().toString());
    }

    private static String json(Object value) {
        return EventCodec.mapper().writeValueAsString(value);
    }
}
