package vn.ocop.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import vn.ocop.events.catalog.ProducerRegistered;
import vn.ocop.testing.CatalogueEvents;
import vn.ocop.testing.Http;
import vn.ocop.testing.KafkaRecords;
import vn.ocop.testing.TestTokens;
import vn.ocop.trace.batch.Batches;
import vn.ocop.trace.catalogue.ProductCopies;
import vn.ocop.trace.resolver.DigitalLink;

/** Sample traceability data for tests, made as producers make it: catalogue events, then the API. */
public final class TraceFixtures {

    /** How long a fixture waits for the service: generous, as a slow shared machine needs. */
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final int port;
    private final ProductCopies products;
    private final KafkaRecords kafka;

    public TraceFixtures(int port, ProductCopies products, KafkaRecords kafka) {
        this.port = port;
        this.products = products;
        this.kafka = kafka;
    }

    /** A producer, a listed product with its own GTIN, a batch, and its packages. */
    public record Fixture(
            UUID producer, UUID product, String gtin, UUID batch, String lot, List<String> serials, String job) {
        public String path() {
            return "/01/" + gtin + "/10/" + DigitalLink.encode(lot) + "/21/" + serials.getFirst();
        }
    }

    public Fixture fixture(String lot, int packages) {
        var producer = UUID.randomUUID();
        kafka.publish(new ProducerRegistered(
                UUID.randomUUID(),
                Instant.now(),
                producer,
                1,
                "HTX Trà Hoa Vàng Ba Chẽ (sample data)",
                "COOPERATIVE",
                "Quảng Ninh",
                "xã Ba Chẽ",
                "huyện Ba Chẽ",
                true));
        var product = UUID.randomUUID();
        var gtin = gtin();
        kafka.publish(CatalogueEvents.productListed(
                product, producer, "Trà hoa vàng Ba Chẽ (sample data)", "BEVERAGES", gtin, 450_000, true));
        await().atMost(WAIT).until(() -> products.find(product).isPresent());
        var http = new Http(port);
        var token = TestTokens.producer(producer);
        var batch = http.post(
                "/api/batches",
                token,
                Map.of(
                        "productId", product.toString(),
                        "lot", lot,
                        "quantity", 500,
                        "unit", "hộp",
                        "origin",
                                Map.of(
                                        "name",
                                        "Đồi chè Làng Mới (sample data)",
                                        "province",
                                        "Quảng Ninh",
                                        "commune",
                                        "xã Ba Chẽ",
                                        "latitude",
                                        21.2717,
                                        "longitude",
                                        107.2891,
                                        "areaHectares",
                                        2.5),
                        "producedOn",
                                LocalDate.now(Batches.VIETNAM).minusDays(5).toString(),
                        "expiresOn", LocalDate.now(Batches.VIETNAM).plusYears(2).toString(),
                        "inputs", List.of(Map.of("name", "Hoa trà vàng tươi", "note", "hái tay")),
                        "certifications", List.of(Map.of("scheme", "VIETGAP", "number", "VG-0123 (sample data)"))));
        assertThat(batch.status()).as(batch.body()).isEqualTo(201);
        var batchId = UUID.fromString(batch.json().get("id").asString());
        var job = http.post("/api/batches/" + batchId + "/packages", token, Map.of("count", packages));
        assertThat(job.status()).as(job.body()).isEqualTo(202);
        var jobPath = "/api/package-jobs/" + job.json().get("id").asString();
        await().atMost(WAIT)
                .until(() ->
                        http.get(jobPath, token).json().get("state").asString().equals("DONE"));
        assertThat(http.get(jobPath, token).json().get("created").asInt()).isEqualTo(packages);
        var serials = new java.util.ArrayList<String>();
        for (int page = 0; serials.size() < packages; page++) {
            var listed = http.get("/api/batches/" + batchId + "/packages?size=1000&page=" + page, token)
                    .json();
            listed.get("packages").forEach(p -> serials.add(p.get("serial").asString()));
        }
        assertThat(new HashSet<>(serials)).hasSize(packages);
        return new Fixture(
                producer,
                product,
                gtin,
                batchId,
                lot,
                serials,
                job.json().get("id").asString());
    }

    /** A random GTIN-14 with its check digit, so that each test's product has its own. */
    public static String gtin() {
        var digits = new StringBuilder("0893");
        while (digits.length() < 13) {
            digits.append(ThreadLocalRandom.current().nextInt(10));
        }
        int sum = 0;
        for (int i = 0; i < 13; i++) {
            sum += (digits.charAt(i) - '0') * (i % 2 == 0 ? 3 : 1);
        }
        return digits.append((10 - sum % 10) % 10).toString();
    }
}
