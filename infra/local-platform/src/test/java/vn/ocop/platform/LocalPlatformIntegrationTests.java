package vn.ocop.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import vn.ocop.platform.issuer.LocalIssuer;

/**
 * The one-command platform, end to end: real servers, the real issuer, the three services as
 * processes, sample data loaded through the API; and nothing left running once it stops.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalPlatformIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Path data;

    private LocalPlatform platform;
    private LocalPlatform.Ports ports;
    private final HttpClient http = HttpClient.newHttpClient();
    private String issuer;
    private String catalog;
    private String orders;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        this.data = data;
        ports = FreePorts.platform();
        var root = Path.of("../..").toAbsolutePath().normalize();
        // Elasticsearch runs as an unprivileged account when the build runs as root: it must reach the data.
        java.nio.file.Files.setPosixFilePermissions(
                data, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        issuer = "http://127.0.0.1:" + ports.issuer();
        catalog = "http://127.0.0.1:" + ports.catalog();
        orders = "http://127.0.0.1:" + ports.order();
        platform = LocalPlatform.start(new LocalPlatform.Options(root, data, ports, false));
        System.out.printf(
                "Local platform started in %d ms%n", platform.startupTime().toMillis());
    }

    @Test
    @Order(1)
    void startsHealthyWithIssuerTokensAndSampleData() throws Exception {
        {
            var producers = JSON.readTree(
                    get(http, catalog + "/api/producers?size=100", null).body());
            assertThat(producers.size()).isEqualTo(10);
            var teaCooperative = JSON.readTree(get(http, catalog + "/api/producers?taxCode=5700100001", null)
                            .body())
                    .get(0)
                    .get("id")
                    .asString();

            var producerToken = LocalPlatform.token(issuer, "htx-tra-hoa-vang", "producer-secret");
            var claims =
                    JSON.readTree(Base64.getUrlDecoder().decode(producerToken.split("\\.")[1]));
            assertThat(claims.get("roles").get(0).asString()).isEqualTo("PRODUCER");
            assertThat(claims.get("producer_id").asString()).isEqualTo(teaCooperative);
            assertThat(claims.get("iss").asString()).isEqualTo(issuer);
            var audience = claims.get("aud");
            assertThat((audience.isArray() ? audience.get(0) : audience).asString())
                    .isEqualTo(LocalIssuer.AUDIENCE);

            assertThat(platform.sampleCatalogue().products()).isBetween(40, 60);
            assertThat(platform.sampleCatalogue().refusedAsExpected()).isPositive();
            var listed = platform.sampleCatalogue().listed();
            var deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
            long searchable = 0;
            while (searchable != listed && System.nanoTime() < deadline) {
                searchable = JSON.readTree(get(http, catalog + "/api/products?size=100", null)
                                .body())
                        .get("total")
                        .asLong();
                Thread.sleep(200);
            }
            assertThat(searchable).as("every sample listing is searchable").isEqualTo(listed);
            var tea = JSON.readTree(get(http, catalog + "/api/products?q=tra%20hoa%20vang", null)
                    .body());
            assertThat(tea.get("hits").get(0).get("name").asString()).containsIgnoringCase("trà hoa vàng");
            assertThat(tea.get("hits").get(0).get("producer").get("name").asString())
                    .isEqualTo("HTX Trà Hoa Vàng Ba Chẽ (mẫu)");

            var ownProduct = tea.get("hits").get(0).get("id").asString();
            var ownStock =
                    put(http, catalog + "/api/products/" + ownProduct + "/stock", producerToken, "{\"stock\": 99}");
            assertThat(ownStock.statusCode()).as(ownStock.body()).isEqualTo(200);
            var othersProduct = JSON.readTree(get(http, catalog + "/api/products?q=nuoc%20mam%20cai%20rong", null)
                            .body())
                    .get("hits")
                    .get(0)
                    .get("id")
                    .asString();
            assertThat(put(http, catalog + "/api/products/" + othersProduct + "/stock", producerToken, "{\"stock\": 0}")
                            .statusCode())
                    .isEqualTo(403);

            var shopper = LocalPlatform.token(issuer, "shopper", "shopper-secret");
            var forbidden = post(http, catalog + "/api/producers", shopper, "{}");
            assertThat(forbidden.statusCode()).isEqualTo(403);
            assertThat(forbidden.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));

            var admin = LocalPlatform.token(issuer, "ocop-admin", "admin-secret");
            var invalid = post(http, catalog + "/api/producers", admin, "{\"name\":\"\"}");
            assertThat(invalid.statusCode()).isEqualTo(400);

            for (var port : new int[] {ports.order(), ports.trace()}) {
                assertThat(get(http, "http://127.0.0.1:" + port + "/api/orders", null)
                                .statusCode())
                        .isEqualTo(401);
                assertThat(get(http, "http://127.0.0.1:" + port + "/actuator/health/readiness", null)
                                .statusCode())
                        .isEqualTo(200);
            }

            // Metrics, the consumers' outage wait among them, for monitoring (and the office) only.
            var monitoring = LocalPlatform.token(issuer, "ocop-monitoring", "monitoring-secret");
            for (var port : new int[] {ports.catalog(), ports.order(), ports.trace()}) {
                var metrics = "http://127.0.0.1:" + port + "/actuator/prometheus";
                var scraped = get(http, metrics, monitoring);
                assertThat(scraped.statusCode()).as(scraped.body()).isEqualTo(200);
                assertThat(scraped.body())
                        .contains("ocop_consumer_outage_wait_seconds 0.0")
                        .contains("hikaricp_connections_active");
                assertThat(get(http, metrics, shopper).statusCode()).isEqualTo(403);
                assertThat(get(http, metrics, null).statusCode()).isEqualTo(401);
                assertThat(get(http, "http://127.0.0.1:" + port + "/api/orders", monitoring)
                                .statusCode())
                        .as("the monitoring account reads metrics and nothing else")
                        .isEqualTo(403);
            }
        }
    }

    /** The stock saga across catalog-service and order-service, then payment, shipping and a cancellation's release. */
    @Test
    @Order(2)
    void aCheckoutIsReservedByTheCatalogueConfirmedPaidAndShipped() throws Exception {
        var shopper = LocalPlatform.token(issuer, "shopper", "shopper-secret");
        var producer = LocalPlatform.token(issuer, "htx-tra-hoa-vang", "producer-secret");
        var teaBags = productOfTeaCooperative("Trà hoa vàng túi lọc Ba Chẽ");
        var giftBox = productOfTeaCooperative("Trà hoa vàng hộp quà tết");
        int teaBagsStock = stock(teaBags);
        int giftBoxStock = stock(giftBox);

        var checkout = checkout(shopper, Map.of(teaBags, 3, giftBox, 1));
        assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(201);
        var placed = JSON.readTree(checkout.body());
        var order = placed.get("orders").get(0).get("id").asString();
        awaitOrderState(shopper, order, "CONFIRMED");
        assertThat(stock(teaBags)).isEqualTo(teaBagsStock - 3);
        assertThat(stock(giftBox)).isEqualTo(giftBoxStock - 1);

        var offer = JSON.readTree(
                get(http, orders + "/api/checkouts/" + placed.get("id").asString() + "/payment", shopper)
                        .body());
        assertThat(offer.get("amountVnd").asLong())
                .isEqualTo(placed.get("totalVnd").asLong());
        var paid = notifyPayment(
                "FT-LOCAL-" + order,
                offer.get("amountVnd").asLong(),
                offer.get("reference").asString());
        assertThat(paid.body()).as(paid.body()).contains("\"outcome\":\"PAID\"");
        var shipped = post(
                http,
                orders + "/api/orders/" + order + "/shipment",
                producer,
                "{\"packageSerials\": [\"SAMPLE0000000000001\"]}");
        assertThat(shipped.statusCode()).as(shipped.body()).isEqualTo(200);
        assertThat(JSON.readTree(shipped.body()).get("state").asString()).isEqualTo("SHIPPED");

        var another = JSON.readTree(checkout(shopper, Map.of(teaBags, 2)).body());
        var second = another.get("orders").get(0).get("id").asString();
        awaitOrderState(shopper, second, "CONFIRMED");
        assertThat(stock(teaBags)).isEqualTo(teaBagsStock - 5);
        var cancelled =
                post(http, orders + "/api/orders/" + second + "/cancellation", shopper, "{\"reason\": \"sample\"}");
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        awaitStock(teaBags, teaBagsStock - 3);
        await(() -> !JSON.readTree(
                        get(http, orders + "/api/orders/" + second, shopper).body())
                .get("stockReleasedAt")
                .isNull());
    }

    @Test
    @Order(3)
    void anOrderForMoreThanIsInStockIsRejectedAndTakesNothing() throws Exception {
        var shopper = LocalPlatform.token(issuer, "shopper", "shopper-secret");
        var leaves = productOfTeaCooperative("Lá trà hoa vàng khô");
        int before = stock(leaves);

        var placed = JSON.readTree(checkout(shopper, Map.of(leaves, before + 1)).body());
        var order = placed.get("orders").get(0).get("id").asString();

        awaitOrderState(shopper, order, "REJECTED");
        var view = JSON.readTree(
                get(http, orders + "/api/orders/" + order, shopper).body());
        assertThat(view.get("shortages").get(0).get("available").asInt()).isEqualTo(before);
        assertThat(stock(leaves)).isEqualTo(before);
    }

    /** The race, scaled down: a hundred checkouts at once for the last ten units. */
    @Test
    @Order(4)
    void aHundredShoppersForTenUnitsConfirmExactlyTen() throws Exception {
        var shopper = LocalPlatform.token(issuer, "shopper", "shopper-secret");
        var producer = LocalPlatform.token(issuer, "htx-tra-hoa-vang", "producer-secret");
        var box = productOfTeaCooperative("Trà hoa vàng Ba Chẽ hộp 100 g");
        var set = put(http, catalog + "/api/products/" + box + "/stock", producer, "{\"stock\": 10}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);

        var placed = new java.util.concurrent.ConcurrentLinkedQueue<String>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(100)) {
            for (int i = 0; i < 100; i++) {
                pool.submit(() -> {
                    var response = checkout(shopper, Map.of(box, 1));
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                    placed.add(JSON.readTree(response.body())
                            .get("orders")
                            .get(0)
                            .get("id")
                            .asString());
                    return null;
                });
            }
        }
        assertThat(placed).hasSize(100);

        var states = new java.util.HashMap<String, Integer>();
        var deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        for (var order : placed) {
            String state;
            do {
                state = JSON.readTree(get(http, orders + "/api/orders/" + order, shopper)
                                .body())
                        .get("state")
                        .asString();
                if (state.equals("PLACED")) {
                    Thread.sleep(100);
                }
            } while (state.equals("PLACED") && System.nanoTime() < deadline);
            states.merge(state, 1, Integer::sum);
        }
        assertThat(states).isEqualTo(Map.of("CONFIRMED", 10, "REJECTED", 90));
        assertThat(stock(box)).isZero();
    }

    /** Traceability across services: packages shipped in an order, then their batch recalled. */
    @Test
    @Order(5)
    void aRecallReachesTheScanPageAndTheOrdersThatShippedItsPackages() throws Exception {
        var sample = platform.samplePackage();
        assertThat(sample).startsWith("http://127.0.0.1:" + ports.trace() + "/01/08930000010018/10/THV-2026-MAU/21/");
        var samplePage = getHtml(sample);
        assertThat(samplePage.statusCode()).isEqualTo(200);
        assertThat(samplePage.body()).contains("Trà hoa vàng Ba Chẽ hộp 100 g").contains("Kiểm tra chất lượng");
        // The sample batch's dates count back from the day it was made (today in Vietnam, or yesterday if
        // midnight passed since): produced 80 days before, good for two years.
        var today = LocalDate.now(SampleCatalogue.VIETNAM);
        var day = DateTimeFormatter.ofPattern("dd/MM/yyyy");
        assertThat(samplePage.body())
                .containsAnyOf(
                        today.minusDays(80).plusYears(2).format(day),
                        today.minusDays(81).plusYears(2).format(day))
                .doesNotContain("đã hết hạn");

        var shopper = LocalPlatform.token(issuer, "shopper", "shopper-secret");
        var producer = LocalPlatform.token(issuer, "htx-tra-hoa-vang", "producer-secret");
        var admin = LocalPlatform.token(issuer, "ocop-admin", "admin-secret");
        var trace = "http://127.0.0.1:" + ports.trace();
        var teaBags = productOfTeaCooperative("Trà hoa vàng túi lọc Ba Chẽ");
        var batch = post(
                http,
                trace + "/api/batches",
                producer,
                JSON.writeValueAsString(Map.of(
                        "productId",
                        teaBags,
                        "lot",
                        "TL-2026-RECALL",
                        "quantity",
                        100,
                        "unit",
                        "hộp",
                        "origin",
                        Map.of("name", "Đồi trà (sample data)", "province", "Quảng Ninh", "commune", "xã Ba Chẽ"),
                        "producedOn",
                        today.minusDays(30).toString(),
                        "expiresOn",
                        today.minusDays(30).plusYears(1).toString(),
                        "inputs",
                        java.util.List.of(),
                        "certifications",
                        java.util.List.of())));
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(201);
        var batchId = JSON.readTree(batch.body()).get("id").asString();
        var job = JSON.readTree(post(http, trace + "/api/batches/" + batchId + "/packages", producer, "{\"count\": 2}")
                        .body())
                .get("id")
                .asString();
        await(() -> JSON.readTree(
                        get(http, trace + "/api/package-jobs/" + job, producer).body())
                .get("state")
                .asString()
                .equals("DONE"));
        var serials = new java.util.ArrayList<String>();
        JSON.readTree(get(http, trace + "/api/batches/" + batchId + "/packages", producer)
                        .body())
                .get("packages")
                .forEach(p -> serials.add(p.get("serial").asString()));
        assertThat(serials).hasSize(2);

        var placed = JSON.readTree(checkout(shopper, Map.of(teaBags, 2)).body());
        var order = placed.get("orders").get(0).get("id").asString();
        awaitOrderState(shopper, order, "CONFIRMED");
        var offer = JSON.readTree(
                get(http, orders + "/api/checkouts/" + placed.get("id").asString() + "/payment", shopper)
                        .body());
        notifyPayment(
                "FT-RECALL-" + order,
                offer.get("amountVnd").asLong(),
                offer.get("reference").asString());
        var shipped = post(
                http,
                orders + "/api/orders/" + order + "/shipment",
                producer,
                JSON.writeValueAsString(Map.of("packageSerials", serials)));
        assertThat(shipped.statusCode()).as(shipped.body()).isEqualTo(200);
        await(() -> get(http, trace + "/api/batches/" + batchId + "/orders", producer)
                .body()
                .contains(order));

        var recall = post(
                http,
                trace + "/api/batches/" + batchId + "/recall",
                producer,
                "{\"reason\": \"Sai hạn dùng trên nhãn (sample data)\"}");
        assertThat(recall.statusCode()).as(recall.body()).isEqualTo(200);

        await(() -> get(http, orders + "/api/admin/recalls", admin).body().contains(order));
        assertThat(get(http, orders + "/api/admin/recalls", admin).body())
                .contains("TL-2026-RECALL")
                .contains("0912345678");
        var scan = getHtml(trace + "/01/08930000010025/10/TL-2026-RECALL/21/" + serials.getFirst());
        assertThat(scan.body()).contains("THU HỒI").contains("Sai hạn dùng trên nhãn (sample data)");
    }

    private HttpResponse<String> getHtml(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @AfterAll
    void stopsEverything() {
        assertThat(platform).as("the platform started").isNotNull();
        var pids = ProcessHandle.current()
                .descendants()
                .mapToLong(ProcessHandle::pid)
                .toArray();
        assertThat(pids).as("service processes and Elasticsearch").hasSizeGreaterThanOrEqualTo(4);
        platform.close();

        for (var pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("process %d stopped", pid)
                    .isFalse();
        }
        assertThat(ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().orElse("").contains(data.toString())))
                .as("no server process still uses the platform's data")
                .isEmpty();
    }

    private String productOfTeaCooperative(String name) throws Exception {
        var producer = JSON.readTree(get(http, catalog + "/api/producers?taxCode=5700100001", null)
                        .body())
                .get(0)
                .get("id")
                .asString();
        var hits = JSON.readTree(get(http, catalog + "/api/products?size=100&producer=" + producer, null)
                        .body())
                .get("hits");
        for (var hit : hits) {
            if (hit.get("name").asString().startsWith(name)) {
                return hit.get("id").asString();
            }
        }
        throw new AssertionError("No sample product named " + name);
    }

    private int stock(String product) throws Exception {
        return JSON.readTree(
                        get(http, catalog + "/api/products/" + product, null).body())
                .get("stock")
                .asInt();
    }

    private void awaitStock(String product, int expected) throws Exception {
        await(() -> stock(product) == expected);
        assertThat(stock(product)).isEqualTo(expected);
    }

    private void awaitOrderState(String token, String order, String state) throws Exception {
        await(() -> JSON.readTree(
                        get(http, orders + "/api/orders/" + order, token).body())
                .get("state")
                .asString()
                .equals(state));
        assertThat(JSON.readTree(get(http, orders + "/api/orders/" + order, token)
                                .body())
                        .get("state")
                        .asString())
                .isEqualTo(state);
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition) throws Exception {
        var deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!condition.holds() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private HttpResponse<String> checkout(String token, Map<String, Integer> lines) throws Exception {
        var body = Map.of(
                "lines",
                lines.entrySet().stream()
                        .map(line -> Map.of("productId", line.getKey(), "quantity", line.getValue()))
                        .toList(),
                "delivery",
                Map.of(
                        "name", "Khách mẫu (sample data)",
                        "phone", "0912345678",
                        "province", "Hà Nội",
                        "commune", "phường Hoàn Kiếm",
                        "street", "1 phố mẫu (sample data)"));
        return http.send(
                HttpRequest.newBuilder(URI.create(orders + "/api/checkouts"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A transfer notification signed as the bank signs it, with the secret the local platform made. */
    private HttpResponse<String> notifyPayment(String transaction, long amount, String reference) throws Exception {
        var body = JSON.writeValueAsBytes(
                Map.of("transactionId", transaction, "amountVnd", amount, "reference", reference));
        var mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(
                platform.paymentSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return http.send(
                HttpRequest.newBuilder(URI.create(orders + "/api/payments/notifications"))
                        .header("Content-Type", "application/json")
                        .header("X-Signature", java.util.HexFormat.of().formatHex(mac.doFinal(body)))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient http, String url, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> post(HttpClient http, String url, String token, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> put(HttpClient http, String url, String token, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
