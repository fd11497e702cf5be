package vn.ocop.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The order saga under load, on the platform as it runs (real servers, the services as processes):
 * 10,000 single-line checkouts over 200 products, then 1,000 concurrent shoppers for the last 100
 * units of one product. Prints numbers; run with {@code -Pbenchmark}. A warm-up of 3,000 checkouts
 * ({@code -Dbenchmark.warmup-orders}) is placed and settled before the measured ones.
 *
 * <p>Throughput is confirmed orders per second between the first order placed and the last one
 * confirmed; lag is each order's time from PLACED to CONFIRMED as order-service recorded them.
 */
@Tag("benchmark")
class OrderSagaBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ORDERS = Integer.getInteger("benchmark.orders", 10_000);
    private static final int PRODUCTS = Integer.getInteger("benchmark.saga-products", 200);
    private static final int CLIENTS = Integer.getInteger("benchmark.clients", 32);
    private static final int WARMUP_ORDERS = Integer.getInteger("benchmark.warmup-orders", 6_000);
    private static final int RACE_SHOPPERS = 1_000;
    private static final int RACE_UNITS = 100;
    private static final java.util.concurrent.atomic.AtomicInteger CERTIFICATES =
            new java.util.concurrent.atomic.AtomicInteger(9000);

    private final HttpClient http = HttpClient.newBuilder()
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();
    private String catalog;
    private String orders;
    private String admin;
    private String shopper;

    @Test
    void sagaThroughputLagAndTheRace(@TempDir Path data) throws Exception {
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        var ports = FreePorts.platform();
        var root = Path.of("../..").toAbsolutePath().normalize();
        // Measured with the JIT the services run with in production, not the quick-start development flags.
        System.setProperty(
                LocalPlatform.SERVICE_JVM_OPTIONS,
                System.getProperty("benchmark.service-jvm-options", "-Xms256m -Xmx512m -XX:+UseParallelGC"));
        try (var platform = LocalPlatform.start(new LocalPlatform.Options(root, data, ports, false))) {
            var issuer = "http://127.0.0.1:" + ports.issuer();
            catalog = "http://127.0.0.1:" + ports.catalog();
            orders = "http://127.0.0.1:" + ports.order();
            admin = LocalPlatform.token(issuer, "ocop-admin", "admin-secret");
            shopper = LocalPlatform.token(issuer, "shopper", "shopper-secret");

            var producer = producer();
            var products = listedProducts(producer, PRODUCTS, 1_000_000);
            awaitOrderServiceKnows(List.of(products.getFirst(), products.getLast()), 1);
            throughput(products);
            var last = listedProducts(producer, 1, RACE_UNITS).getFirst();
            // Asked for more than there is: placed once order-service has the product, rejected, no unit taken.
            awaitOrderServiceKnows(List.of(last), RACE_UNITS + 1);
            race(last);
        }
    }

    private void throughput(List<String> products) throws Exception {
        // The services are measured warm, as they run in production: the JIT compiles the checkout
        // path and the saga during a warm-up that is placed and settled first, and not counted.
        if (WARMUP_ORDERS > 0) {
            var warmup = place(products, WARMUP_ORDERS, new java.util.Random(7));
            awaitSettled(warmup, Duration.ofMinutes(10));
            System.out.printf("%nSAGA  warm-up: %d checkouts placed and settled%n", warmup.size());
        }
        long start = System.nanoTime();
        var placed = place(products, ORDERS, new java.util.Random(42));
        double placing = (System.nanoTime() - start) / 1e9;
        assertThat(placed).hasSize(ORDERS);
        var settled = awaitSettled(placed, Duration.ofMinutes(10));
        var lags = new ArrayList<Long>();
        Instant firstPlaced = Instant.MAX;
        Instant lastConfirmed = Instant.MIN;
        int confirmed = 0;
        for (var order : settled.values()) {
            var placedAt = at(order, "PLACED");
            firstPlaced = placedAt.isBefore(firstPlaced) ? placedAt : firstPlaced;
            if (order.get("state").asString().equals("CONFIRMED")) {
                confirmed++;
                var confirmedAt = at(order, "CONFIRMED");
                lastConfirmed = confirmedAt.isAfter(lastConfirmed) ? confirmedAt : lastConfirmed;
                lags.add(Duration.between(placedAt, confirmedAt).toMillis());
            }
        }
        Collections.sort(lags);
        double seconds = Duration.between(firstPlaced, lastConfirmed).toMillis() / 1000.0;
        System.out.printf(
                "%nSAGA  %d orders over %d products, %d clients: placed in %.1f s (%.0f checkouts/s)%n",
                ORDERS, products.size(), CLIENTS, placing, ORDERS / placing);
        System.out.printf(
                "SAGA  confirmed %d in %.1f s from first placed to last confirmed: %.0f orders/s%n",
                confirmed, seconds, confirmed / seconds);
        System.out.printf(
                "SAGA  lag placed→confirmed: p50 %d ms, p95 %d ms, p99 %d ms, max %d ms%n",
                percentile(lags, 50), percentile(lags, 95), percentile(lags, 99), lags.getLast());
    }

    /** Places {@code count} one-line checkouts of random products through {@code CLIENTS} clients at once. */
    private List<String> place(List<String> products, int count, java.util.Random random) throws Exception {
        var placed = new ConcurrentLinkedQueue<String>();
        var failures = new ConcurrentLinkedQueue<String>();
        var gate = new Semaphore(CLIENTS);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                var product = products.get(random.nextInt(products.size()));
                gate.acquire();
                pool.submit(() -> {
                    try {
                        placed.add(
                                checkout(product).get("orders").get(0).get("id").asString());
                    } catch (Exception e) {
                        failures.add(e.toString());
                    } finally {
                        gate.release();
                    }
                    return null;
                });
            }
        }
        assertThat(failures).as("checkouts that failed").isEmpty();
        return new ArrayList<>(placed);
    }

    private void race(String product) throws Exception {
        var placed = new ConcurrentLinkedQueue<String>();
        var failures = new ConcurrentLinkedQueue<String>();
        var ready = new java.util.concurrent.CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < RACE_SHOPPERS; i++) {
                pool.submit(() -> {
                    ready.await();
                    try {
                        placed.add(
                                checkout(product).get("orders").get(0).get("id").asString());
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                    return null;
                });
            }
            ready.countDown();
        }
        assertThat(failures).as("checkouts that failed").isEmpty();
        assertThat(placed).as("every shopper's checkout placed").hasSize(RACE_SHOPPERS);
        var settled = awaitSettled(new ArrayList<>(placed), Duration.ofMinutes(5));
        var states = new HashMap<String, Integer>();
        settled.values().forEach(order -> states.merge(order.get("state").asString(), 1, Integer::sum));
        var stock = get(catalog + "/api/products/" + product, null).get("stock").asInt();
        System.out.printf(
                "RACE  %d shoppers for the last %d units: %s, stock at the end %d (%d connection retries)%n",
                RACE_SHOPPERS, RACE_UNITS, states, stock, retries.get());
        assertThat(states).isEqualTo(Map.of("CONFIRMED", RACE_UNITS, "REJECTED", RACE_SHOPPERS - RACE_UNITS));
        assertThat(stock).isZero();
    }

    /**
     * Waits until no order of the platform (all of them are this benchmark's) is still waiting for the
     * catalogue, asking the office's list for placed orders only, then reads the orders back.
     */
    private Map<String, JsonNode> awaitSettled(List<String> ids, Duration patience) throws Exception {
        var wanted = new java.util.HashSet<>(ids);
        var deadline = System.nanoTime() + patience.toNanos();
        while (get(orders + "/api/orders?state=PLACED&size=1", admin)
                                .get("total")
                                .asLong()
                        > 0
                && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        while (true) {
            var found = new HashMap<String, JsonNode>();
            boolean waiting = false;
            for (int page = 0; ; page++) {
                var body = get(orders + "/api/orders?size=100&page=" + page, admin);
                for (var order : body.get("orders")) {
                    var id = order.get("id").asString();
                    if (wanted.contains(id)) {
                        found.put(id, order);
                        waiting |= order.get("state").asString().equals("PLACED");
                    }
                }
                if ((long) (page + 1) * 100 >= body.get("total").asLong()) {
                    break;
                }
            }
            if ((!waiting && found.size() == wanted.size()) || System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(1_000);
        }
    }

    private static Instant at(JsonNode order, String state) {
        for (var change : order.get("history")) {
            if (change.get("state").asString().equals(state)) {
                return Instant.parse(change.get("at").asString());
            }
        }
        throw new IllegalStateException("order never " + state);
    }

    private String producer() throws Exception {
        return send(
                        "POST",
                        catalog + "/api/producers",
                        admin,
                        Map.of(
                                "name", "HTX Hiệu Năng (benchmark data)",
                                "kind", "COOPERATIVE",
                                "taxCode", String.valueOf(5_799_000_000L + (System.nanoTime() % 900_000)),
                                "address", Map.of("province", "Quảng Ninh", "commune", "xã Ba Chẽ"),
                                "phone", "0203999999"),
                        201)
                .get("id")
                .asString();
    }

    private List<String> listedProducts(String producer, int count, int stock) throws Exception {
        var ids = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            ids.add(send(
                            "POST",
                            catalog + "/api/products",
                            admin,
                            Map.of(
                                    "producerId",
                                    producer,
                                    "name",
                                    "Trà hoa vàng lô "
                                            + UUID.randomUUID().toString().substring(0, 6) + " (benchmark data)",
                                    "description",
                                    "Sản phẩm cho đo hiệu năng (benchmark data)",
                                    "group",
                                    "BEVERAGES",
                                    "unit",
                                    "hộp",
                                    "netQuantity",
                                    "100 g",
                                    "priceVnd",
                                    100_000 + 1_000 * i,
                                    "stock",
                                    stock),
                            201)
                    .get("id")
                    .asString());
        }
        for (int from = 0; from < ids.size(); from += 100) {
            send(
                    "POST",
                    catalog + "/api/certificates",
                    admin,
                    Map.of(
                            "producerId",
                            producer,
                            "decisionNumber",
                            CERTIFICATES.incrementAndGet() + "/QĐ-UBND",
                            "stars",
                            4,
                            "issuingAuthority",
                            "UBND tỉnh Quảng Ninh (benchmark data)",
                            "recognisedOn",
                            LocalDate.now().minusYears(1).toString(),
                            "expiresOn",
                            LocalDate.now().plusYears(2).toString(),
                            "products",
                            ids.subList(from, Math.min(ids.size(), from + 100))),
                    201);
        }
        for (var id : ids) {
            send("POST", catalog + "/api/products/" + id + "/listing", admin, null, 200);
        }
        return ids;
    }

    /** order-service learns of listings from catalogue events; checkouts wait until it knows the last one. */
    /** Waits until a checkout of {@code quantity} of each product is placed: order-service has its copy. */
    private void awaitOrderServiceKnows(List<String> products, int quantity) throws Exception {
        var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (var product : products) {
            while (System.nanoTime() < deadline) {
                var response = post(
                        orders + "/api/checkouts",
                        shopper,
                        checkoutBody(product, quantity),
                        UUID.randomUUID().toString());
                if (response.statusCode() == 201) {
                    break;
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * Places a one-line checkout. A connection that fails is retried with the same Idempotency-Key, as
     * a shopper's app would: the checkout is placed once whatever the number of tries.
     */
    private JsonNode checkout(String product) throws Exception {
        var key = UUID.randomUUID().toString();
        HttpResponse<String> response = null;
        for (int attempt = 1; response == null; attempt++) {
            try {
                response = post(orders + "/api/checkouts", shopper, checkoutBody(product), key);
            } catch (java.io.IOException e) {
                if (attempt == 5) {
                    throw e;
                }
                retries.incrementAndGet();
                Thread.sleep(100L * attempt);
            }
        }
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static Map<String, Object> checkoutBody(String product) {
        return checkoutBody(product, 1);
    }

    private static Map<String, Object> checkoutBody(String product, int quantity) {
        return Map.of(
                "lines", List.of(Map.of("productId", product, "quantity", quantity)),
                "delivery",
                        Map.of(
                                "name", "Khách mẫu (benchmark data)",
                                "phone", "0912345678",
                                "province", "Hà Nội",
                                "commune", "phường Hoàn Kiếm",
                                "street", "1 phố mẫu (benchmark data)"));
    }

    private HttpResponse<String> post(String url, String token, Object body, String idempotencyKey) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", idempotencyKey)
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private JsonNode send(String method, String url, String token, Object body, int expected) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private JsonNode get(String url, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return JSON.readTree(http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .body());
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
