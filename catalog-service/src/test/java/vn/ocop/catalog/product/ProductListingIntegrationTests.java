package vn.ocop.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.ocop.catalog.CatalogFixtures;
import vn.ocop.events.CloudEventHeaders;
import vn.ocop.events.EventCodec;
import vn.ocop.events.Topics;
import vn.ocop.events.catalog.ProductDelisted;
import vn.ocop.events.catalog.ProductListed;
import vn.ocop.events.catalog.ProductUpdated;
import vn.ocop.servers.EmbeddedServers;
import vn.ocop.testing.Http;
import vn.ocop.testing.KafkaRecords;
import vn.ocop.testing.LockWaits;
import vn.ocop.testing.ServiceIntegrationTest;
import vn.ocop.testing.TestTokens;

/** The OCOP listing rules, on the real servers: who may sell what, and what the events say. */
@ServiceIntegrationTest
class ProductListingIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    ListingSweep sweep;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    private CatalogFixtures catalog;
    private final KafkaRecords kafka =
            new KafkaRecords(EmbeddedServers.shared().addresses().kafkaBootstrapServers());

    @BeforeEach
    void setUp() {
        catalog = new CatalogFixtures(port);
    }

    @Test
    void listsAProductWithAValidThreeStarCertificateAndPublishesProductListed() {
        var producer = catalog.producer("HTX Ba Kích Ba Chẽ (sample data)");
        var product = catalog.product(producer, "Rượu ba kích Ba Chẽ (sample data)", "BEVERAGES", 350_000, 40);
        catalog.certificate(
                producer,
                3,
                LocalDate.now(Products.VIETNAM).minusMonths(6),
                LocalDate.now(Products.VIETNAM).plusYears(2),
                product);

        var response = catalog.list(producer, product);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("status").asString()).isEqualTo("LISTED");
        var record = kafka.await(
                        Topics.CATALOG_PRODUCTS, r -> product.toString().equals(r.key()), 1, Duration.ofSeconds(20))
                .getFirst();
        var event =
                (ProductListed) EventCodec.read(KafkaRecords.header(record, CloudEventHeaders.TYPE), record.value());
        assertThat(event.product().stars()).isEqualTo(3);
        assertThat(event.product().priceVnd()).isEqualTo(350_000);
        assertThat(event.product().producerName()).isEqualTo("HTX Ba Kích Ba Chẽ (sample data)");
    }

    @Test
    void oneDecisionRatesAProducersProductsEachWithItsStarsAndCoversEachOnce() {
        var producer = catalog.producer("HTX Một Quyết Định (sample data)");
        var honey = catalog.product(producer, "Mật ong rừng Bình Liêu (sample data)", "FOOD", 300_000, 10);
        var wine = catalog.product(producer, "Rượu mơ Yên Tử (sample data)", "BEVERAGES", 200_000, 10);
        var tea = catalog.product(producer, "Trà hoa vàng túi lọc (sample data)", "BEVERAGES", 150_000, 10);
        var today = LocalDate.now(Products.VIETNAM);
        var decision = "2718/QĐ-UBND";

        // The decision rates the honey at four stars and the wine at three; the tea is recorded later.
        assertThat(recordDecision(producer, decision, 4, today.minusMonths(2), today.plusMonths(34), honey)
                        .status())
                .isEqualTo(201);
        assertThat(recordDecision(producer, decision, 3, today.minusMonths(2), today.plusMonths(34), wine)
                        .status())
                .isEqualTo(201);
        assertThat(recordDecision(producer, decision, 3, today.minusMonths(2), today.plusMonths(34), tea)
                        .status())
                .isEqualTo(201);
        for (var product : Map.of(honey, 4, wine, 3, tea, 3).entrySet()) {
            assertThat(catalog.list(producer, product.getKey()).status()).isEqualTo(200);
            var page = catalog.http()
                    .get("/api/products/" + product.getKey(), null)
                    .json();
            assertThat(page.get("certificate").get("decisionNumber").asString()).isEqualTo(decision);
            assertThat(page.get("certificate").get("stars").asInt()).isEqualTo(product.getValue());
        }

        // Sent again (a retry), or naming a product the decision already covers: refused, naming it.
        var again = recordDecision(producer, decision, 3, today.minusMonths(2), today.plusMonths(34), tea, wine);
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.json().get("type").asString()).endsWith(":duplicate-certificate");
        assertThat(again.json().get("field").asString()).isEqualTo("products");
        assertThat(again.json().get("products").toString()).contains(tea.toString(), wine.toString());
        // The decision's date, validity and authority are the same for all it rates.
        var other = catalog.product(producer, "Nước mắm Cái Rồng (sample data)", "FOOD", 120_000, 10);
        var otherDate = recordDecision(producer, decision, 3, today.minusMonths(1), today.plusMonths(34), other);
        assertThat(otherDate.status()).as(otherDate.body()).isEqualTo(409);
        assertThat(otherDate.json().get("type").asString()).endsWith(":decision-differs");
        assertThat(otherDate.json().get("field").asString()).isEqualTo("recognisedOn");
        assertThat(otherDate.json().get("recognisedOn").asString())
                .isEqualTo(today.minusMonths(2).toString());
        // Another producer may hold the same decision number for its own products.
        var neighbour = catalog.producer("HTX Cùng Quyết Định (sample data)");
        var cake = catalog.product(neighbour, "Chả mực Hạ Long (sample data)", "FOOD", 350_000, 10);
        assertThat(recordDecision(neighbour, decision, 3, today.minusMonths(2), today.plusMonths(34), cake)
                        .status())
                .isEqualTo(201);

        // Dates no decision gives are named, before anything is stored.
        var fresh = catalog.product(producer, "Nấm linh chi (sample data)", "HERBAL", 500_000, 10);
        var ancient = recordDecision(producer, "1/QĐ-UBND", 4, LocalDate.of(1900, 1, 1), today, fresh);
        assertThat(ancient.status()).isEqualTo(400);
        assertThat(ancient.json().get("field").asString()).isEqualTo("recognisedOn");
        for (var end : List.of(LocalDate.of(6000, 1, 1), LocalDate.MAX)) {
            var endless = recordDecision(producer, "2/QĐ-UBND", 4, today, end, fresh);
            assertThat(endless.status()).as(endless.body()).isEqualTo(400);
            assertThat(endless.json().get("field").asString()).isEqualTo("expiresOn");
        }
        var refused = catalog.list(producer, fresh);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("type").asString()).endsWith(":certificate-missing");
    }

    private Http.Response recordDecision(
            UUID producer, String decision, int stars, LocalDate recognisedOn, LocalDate expiresOn, UUID... products) {
        return catalog.http()
                .post(
                        "/api/certificates",
                        TestTokens.admin(),
                        Map.of(
                                "producerId", producer.toString(),
                                "decisionNumber", decision,
                                "stars", stars,
                                "issuingAuthority", "UBND tỉnh Quảng Ninh",
                                "recognisedOn", recognisedOn.toString(),
                                "expiresOn", expiresOn.toString(),
                                "products",
                                        List.of(products).stream()
                                                .map(UUID::toString)
                                                .toList()));
    }

    @Test
    void refusesProductWithTwoStarCertificate() {
        var producer = catalog.producer("HTX Hai Sao (sample data)");
        var product = catalog.product(producer, "Bánh gai (sample data)", "FOOD", 50_000, 10);
        catalog.certificate(
                producer,
                2,
                LocalDate.now(Products.VIETNAM).minusMonths(6),
                LocalDate.now(Products.VIETNAM).plusYears(2),
                product);

        assertRefused(catalog.list(producer, product), "certificate-below-three-stars", product);
    }

    @Test
    void refusesProductWithExpiredCertificate() {
        var producer = catalog.producer("HTX Hết Hạn (sample data)");
        var product = catalog.product(producer, "Miến dong (sample data)", "FOOD", 60_000, 10);
        catalog.certificate(
                producer,
                4,
                LocalDate.now(Products.VIETNAM).minusYears(3),
                LocalDate.now(Products.VIETNAM).minusDays(1),
                product);

        assertRefused(catalog.list(producer, product), "certificate-expired", product);
    }

    @Test
    void refusesListingForAnUnverifiedProducer() {
        var producer = catalog.unverifiedProducer("HTX Chưa Xác Minh (sample data)");
        var product = catalog.product(producer, "Dầu sở (sample data)", "FOOD", 200_000, 10);
        catalog.certificate(
                producer,
                4,
                LocalDate.now(Products.VIETNAM).minusMonths(6),
                LocalDate.now(Products.VIETNAM).plusYears(2),
                product);

        assertRefused(catalog.list(producer, product), "producer-not-verified", product);

        catalog.http().post("/api/producers/" + producer + "/verification", TestTokens.admin(), "");
        assertThat(catalog.list(producer, product).status()).isEqualTo(200);
    }

    @Test
    void refusesAnotherProducersEdit() {
        var owner = catalog.producer("HTX Chủ Sở Hữu (sample data)");
        var other = catalog.producer("HTX Khác (sample data)");
        var product = catalog.product(owner, "Chả mực (sample data)", "FOOD", 300_000, 5);

        var response = catalog.http()
                .put("/api/products/" + product + "/stock", TestTokens.producer(other), Map.of("stock", 0));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(catalog.http().get("/api/products/" + product, null).status())
                .as("a draft is not public")
                .isEqualTo(404);
    }

    @Test
    void refusesAPriceWithAFractionOfADong() {
        var producer = catalog.producer("HTX Giá Lẻ (sample data)");
        var response = catalog.http()
                .post(
                        "/api/products",
                        TestTokens.producer(producer),
                        """
                {"name": "Trà (sample data)", "description": "", "group": "BEVERAGES", "unit": "hộp",
                 "netQuantity": "100 g", "priceVnd": 125000.5, "stock": 1}
                """);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void refusesAGtinWithAWrongCheckDigitNamingIt() {
        var producer = catalog.producer("HTX Mã Vạch (sample data)");
        var response = catalog.http()
                .post(
                        "/api/products",
                        TestTokens.producer(producer),
                        Map.of(
                                "name",
                                "Trà (sample data)",
                                "description",
                                "",
                                "group",
                                "BEVERAGES",
                                "unit",
                                "hộp",
                                "netQuantity",
                                "100 g",
                                "priceVnd",
                                125000,
                                "stock",
                                1,
                                "gtin",
                                "08930000000017"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asString()).isEqualTo("gtin");
    }

    @Test
    void aProductGetsItsGtinOnceAndADeletedProductsGtinIsNeverGivenAgain() {
        var producer = catalog.producer("HTX Mã Vạch Sau (sample data)");
        var token = TestTokens.producer(producer);
        var product = catalog.listed(producer, "Nước mắm Cái Rồng (sample data)", "FOOD", 120_000, 20);
        var gtin = freshGtin();

        var given = catalog.http().patch("/api/products/" + product, token, Map.of("gtin", gtin));
        assertThat(given.status()).as(given.body()).isEqualTo(200);
        assertThat(given.json().get("gtin").asString()).isEqualTo(gtin);
        var record = kafka.await(
                        Topics.CATALOG_PRODUCTS,
                        r -> product.toString().equals(r.key())
                                && "vn.ocop.catalog.ProductUpdated.v1"
                                        .equals(KafkaRecords.header(r, CloudEventHeaders.TYPE)),
                        1,
                        Duration.ofSeconds(20))
                .getFirst();
        var updated = (ProductUpdated) EventCodec.read("vn.ocop.catalog.ProductUpdated.v1", record.value());
        assertThat(updated.changed()).containsExactly("gtin");
        assertThat(updated.product().gtin()).isEqualTo(gtin);

        assertThat(catalog.http()
                        .patch("/api/products/" + product, token, Map.of("gtin", gtin))
                        .status())
                .as("the same GTIN again changes nothing")
                .isEqualTo(200);
        assertProblem(
                catalog.http().patch("/api/products/" + product, token, Map.of("gtin", freshGtin())),
                409,
                "gtin-fixed");
        var unnumbered = catalog.product(producer, "Nước mắm nhĩ (sample data)", "FOOD", 150_000, 20);
        assertProblem(
                catalog.http().patch("/api/products/" + unnumbered, token, Map.of("gtin", gtin)),
                409,
                "duplicate-gtin");
        assertProblem(
                catalog.http().patch("/api/products/" + unnumbered, token, Map.of("gtin", gtin.substring(0, 13) + "X")),
                400,
                "invalid-request");
        int wrongDigit = (Character.getNumericValue(gtin.charAt(13)) + 1) % 10;
        assertProblem(
                catalog.http()
                        .patch(
                                "/api/products/" + unnumbered,
                                token,
                                Map.of("gtin", gtin.substring(0, 13) + wrongDigit)),
                400,
                "invalid-request");

        assertThat(catalog.http()
                        .delete("/api/products/" + product + "/listing", token)
                        .status())
                .isEqualTo(200);
        assertThat(catalog.http().delete("/api/products/" + product, token).status())
                .isEqualTo(204);
        assertProblem(
                catalog.http().patch("/api/products/" + unnumbered, token, Map.of("gtin", gtin)), 409, "gtin-retired");
        assertThat(jdbc.sql("select count(*) from product where id = ? and gtin is null")
                        .param(unnumbered)
                        .query(Long.class)
                        .single())
                .as("a refused GTIN is not stored")
                .isEqualTo(1);
    }

    /**
     * Two products given one GTIN at once: the second's check runs before the first commits, so only
     * the unique index stops it, and that too is a 409 naming the GTIN. The first is written here and
     * held open so that the second is sure to meet it.
     */
    @Test
    void aGtinAnotherProductTookWhileThisOneWaitedIsADuplicateNamingIt() throws Exception {
        var producer = catalog.producer("HTX Hai Mã Một Lúc (sample data)");
        var first = catalog.product(producer, "Rượu mơ Yên Tử (sample data)", "BEVERAGES", 200_000, 10);
        var second = catalog.product(producer, "Rượu mơ Yên Tử loại 2 (sample data)", "BEVERAGES", 180_000, 10);
        var gtin = freshGtin();
        var pool = Executors.newSingleThreadExecutor();
        try (var other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (var update = other.prepareStatement("update product set gtin = ? where id = ?")) {
                update.setString(1, gtin);
                update.setObject(2, first);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            var patch = pool.submit(() -> catalog.http()
                    .patch("/api/products/" + second, TestTokens.producer(producer), Map.of("gtin", gtin)));
            LockWaits.await(dataSource, 1);
            other.commit();

            assertProblem(patch.get(30, TimeUnit.SECONDS), 409, "duplicate-gtin");
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from product where id = ? and gtin is null")
                        .param(second)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aGtinClaimedByARejectedRegistrationOrANeverListedProductIsFreeForItsHolder() {
        var claimant = catalog.unverifiedProducer("HTX Mạo Danh (sample data)");
        var claimed = catalog.product(claimant, "Ngán Đầm Hà (sample data)", "FOOD", 300_000, 10);
        var gtin = freshGtin();
        assertThat(catalog.http()
                        .patch("/api/products/" + claimed, TestTokens.producer(claimant), Map.of("gtin", gtin))
                        .status())
                .isEqualTo(200);
        var holder = catalog.producer("HTX Chủ Mã Vạch (sample data)");
        var own = catalog.product(holder, "Ngán Đầm Hà chính hãng (sample data)", "FOOD", 320_000, 10);
        assertProblem(
                catalog.http().patch("/api/products/" + own, TestTokens.producer(holder), Map.of("gtin", gtin)),
                409,
                "duplicate-gtin");

        var rejected = catalog.http()
                .post(
                        "/api/producers/" + claimant + "/rejection",
                        TestTokens.admin(),
                        Map.of("reason", "Mã số thuế và mã vạch của đơn vị khác (sample data)"));
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);

        var reclaimed =
                catalog.http().patch("/api/products/" + claimed, TestTokens.producer(claimant), Map.of("gtin", gtin));
        assertThat(reclaimed.status()).as(reclaimed.body()).isEqualTo(409);
        assertThat(reclaimed.json().get("type").asString()).isEqualTo("urn:ocop:problem:producer-rejected");
        var created = catalog.http()
                .post(
                        "/api/products",
                        TestTokens.producer(claimant),
                        Map.of(
                                "name", "Ngán (sample data)",
                                "description", "",
                                "group", "FOOD",
                                "gtin", gtin,
                                "unit", "hộp",
                                "netQuantity", "500 g",
                                "priceVnd", 100_000,
                                "stock", 1));
        assertThat(created.status()).as(created.body()).isEqualTo(409);
        assertThat(created.json().get("type").asString()).isEqualTo("urn:ocop:problem:producer-rejected");
        var given = catalog.http().patch("/api/products/" + own, TestTokens.producer(holder), Map.of("gtin", gtin));
        assertThat(given.status()).as(given.body()).isEqualTo(200);
        assertThat(catalog.http()
                        .get("/api/products/" + claimed, TestTokens.admin())
                        .json()
                        .hasNonNull("gtin"))
                .as("the rejected registration's product gave its GTIN up")
                .isFalse();

        // A draft never listed had no batch, so no label: deleting it gives its GTIN back.
        var draft = catalog.product(holder, "Ngán hấp (sample data)", "FOOD", 200_000, 10);
        var draftGtin = freshGtin();
        catalog.http().patch("/api/products/" + draft, TestTokens.producer(holder), Map.of("gtin", draftGtin));
        assertThat(catalog.http()
                        .delete("/api/products/" + draft, TestTokens.producer(holder))
                        .status())
                .isEqualTo(204);
        var next = catalog.product(holder, "Ngán hấp sả (sample data)", "FOOD", 210_000, 10);
        var again =
                catalog.http().patch("/api/products/" + next, TestTokens.producer(holder), Map.of("gtin", draftGtin));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
    }

    @Test
    void aCertificateForAProductDeletedWhileItWaitedNamesTheProducts() throws Exception {
        var producer = catalog.producer("HTX Xóa Giữa Chừng (sample data)");
        var product = catalog.product(producer, "Bánh đa Hải Hà (sample data)", "FOOD", 60_000, 10);
        var today = LocalDate.now(Products.VIETNAM);
        var pool = Executors.newSingleThreadExecutor();
        try (var other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (var delete = other.prepareStatement("delete from product where id = ?")) {
                delete.setObject(1, product);
                assertThat(delete.executeUpdate()).isEqualTo(1);
            }
            var recorded = pool.submit(() -> catalog.http()
                    .post(
                            "/api/certificates",
                            TestTokens.admin(),
                            Map.of(
                                    "producerId", producer.toString(),
                                    "decisionNumber", "9" + System.nanoTime() % 100_000 + "/QĐ-UBND",
                                    "stars", 4,
                                    "issuingAuthority", "UBND tỉnh Quảng Ninh",
                                    "recognisedOn", today.minusYears(1).toString(),
                                    "expiresOn", today.plusYears(2).toString(),
                                    "products", List.of(product.toString()))));
            LockWaits.await(dataSource, 1, recorded);
            other.commit();

            var response = recorded.get(30, TimeUnit.SECONDS);
            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.json().get("field").asString()).isEqualTo("products");
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from certificate where producer_id = ?")
                        .param(producer)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aNameOfOnlyUnicodeSpacesAndACertificateDatedBeyondAnyCalendarAreRefusedNamingTheField() {
        var producer = catalog.producer("HTX Khoảng Trắng (sample data)");
        var product = catalog.product(producer, "Chè Đường Hoa (sample data)", "FOOD", 90_000, 10);

        for (var blank : List.of("\u2003", "\u3000 \u2002")) {
            var renamed = catalog.http()
                    .patch("/api/products/" + product, TestTokens.producer(producer), Map.of("name", blank));
            assertThat(renamed.status()).as(renamed.body()).isEqualTo(400);
            assertThat(renamed.json().get("field").asString()).isEqualTo("name");
        }
        var far = catalog.http()
                .post(
                        "/api/certificates",
                        TestTokens.admin(),
                        Map.of(
                                "producerId", producer.toString(),
                                "decisionNumber", "77/QĐ-UBND",
                                "stars", 4,
                                "issuingAuthority", "UBND tỉnh Quảng Ninh",
                                "recognisedOn", "+5874898-01-01",
                                "expiresOn", "+5874898-02-01",
                                "products", List.of(product.toString())));
        assertThat(far.status()).as(far.body()).isEqualTo(400);
        assertThat(far.json().get("field").asString()).isEqualTo("recognisedOn");
        assertThat(jdbc.sql("select name from product where id = ?")
                        .param(product)
                        .query(String.class)
                        .single())
                .isEqualTo("Chè Đường Hoa (sample data)");
    }

    private static String freshGtin() {
        var first13 = "0893"
                + String.format(
                        "%09d", java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000_000));
        return first13 + Gtin.checkDigit(first13);
    }

    private static void assertProblem(Http.Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("type").asString()).endsWith(":" + type);
        var field = response.json().has("field")
                ? response.json().get("field").asString()
                : response.json().path("errors").path(0).path("field").asString();
        assertThat(field).isEqualTo("gtin");
    }

    @Test
    void aListedProductReRatedHigherShowsItsNewStarsAtOnceAndALowerRatingChangesNothing() {
        var producer = catalog.producer("HTX Nâng Hạng (sample data)");
        var product = catalog.product(producer, "Trà hoa vàng nâng hạng (sample data)", "BEVERAGES", 450_000, 10);
        var today = LocalDate.now(Products.VIETNAM);
        catalog.certificate(producer, 3, today.minusYears(1), today.plusYears(2), product);
        assertThat(catalog.list(producer, product).status()).isEqualTo(200);

        catalog.certificate(producer, 5, today, today.plusYears(3), product);

        assertThat(certificateStars(product)).isEqualTo(5);
        var updated = kafka.await(
                Topics.CATALOG_PRODUCTS,
                r -> product.toString().equals(r.key())
                        && "vn.ocop.catalog.ProductUpdated.v1".equals(KafkaRecords.header(r, CloudEventHeaders.TYPE)),
                1,
                Duration.ofSeconds(20));
        var event = (ProductUpdated) EventCodec.read(
                "vn.ocop.catalog.ProductUpdated.v1", updated.getFirst().value());
        assertThat(event.changed()).containsExactly("certificate");
        assertThat(event.product().stars()).isEqualTo(5);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> catalog.http()
                                .get("/api/products?minStars=5&producer=" + producer, null)
                                .json()
                                .get("total")
                                .asLong()
                        == 1);

        // A decision of fewer stars, or one not in force yet, leaves it where it is.
        catalog.certificate(producer, 4, today, today.plusYears(5), product);
        catalog.certificate(producer, 5, today.plusDays(10), today.plusYears(5), product);
        assertThat(certificateStars(product)).isEqualTo(5);
        assertThat(catalog.http()
                        .get("/api/products/" + product, null)
                        .json()
                        .get("certificate")
                        .get("expiresOn")
                        .asString())
                .isEqualTo(today.plusYears(3).toString());
    }

    private int certificateStars(UUID product) {
        return catalog.http()
                .get("/api/products/" + product, null)
                .json()
                .get("certificate")
                .get("stars")
                .asInt();
    }

    @Test
    void theSweepWithdrawsAListingWhoseCertificateExpired() {
        var producer = catalog.producer("HTX Sắp Hết Hạn (sample data)");
        var product = catalog.product(producer, "Sá sùng khô (sample data)", "FOOD", 1_500_000, 3);
        var today = LocalDate.now(Products.VIETNAM); // the day the rules go by, whatever the machine's zone
        catalog.certificate(producer, 4, today.minusYears(3), today.plusDays(1), product);
        assertThat(catalog.list(producer, product).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> searchTotal(producer) == 1);

        assertThat(sweep.sweep(today.plusDays(1)))
                .as("still valid on its last day")
                .isZero();
        int withdrawn = sweep.sweep(today.plusDays(2));

        assertThat(withdrawn).isEqualTo(1);
        var delisted = kafka.await(
                Topics.CATALOG_PRODUCTS,
                r -> product.toString().equals(r.key())
                        && "vn.ocop.catalog.ProductDelisted.v1".equals(KafkaRecords.header(r, CloudEventHeaders.TYPE)),
                1,
                Duration.ofSeconds(20));
        var event = (ProductDelisted) EventCodec.read(
                "vn.ocop.catalog.ProductDelisted.v1", delisted.getFirst().value());
        assertThat(event.reason()).isEqualTo("CERTIFICATE_EXPIRED");
        assertThat(catalog.http().get("/api/products/" + product, null).status())
                .isEqualTo(404);
        await().atMost(Duration.ofSeconds(15)).until(() -> searchTotal(producer) == 0);
    }

    @Test
    void theSweepGivesExpiryAsTheReasonEvenWhenALowerCertificateStillCoversTheProduct() {
        var producer = catalog.producer("HTX Hai Chứng Nhận (sample data)");
        var product = catalog.product(producer, "Nấm linh chi (sample data)", "HERBAL", 900_000, 3);
        var today = LocalDate.now(Products.VIETNAM);
        catalog.certificate(producer, 4, today.minusYears(3), today.plusDays(1), product);
        catalog.certificate(producer, 2, today.minusYears(1), today.plusYears(2), product);
        assertThat(catalog.list(producer, product).status()).isEqualTo(200);

        assertThat(sweep.sweep(today.plusDays(2))).isEqualTo(1);

        var delisted = kafka.await(
                Topics.CATALOG_PRODUCTS,
                r -> product.toString().equals(r.key())
                        && "vn.ocop.catalog.ProductDelisted.v1".equals(KafkaRecords.header(r, CloudEventHeaders.TYPE)),
                1,
                Duration.ofSeconds(20));
        assertThat(((ProductDelisted) EventCodec.read(
                                "vn.ocop.catalog.ProductDelisted.v1",
                                delisted.getFirst().value()))
                        .reason())
                .isEqualTo("CERTIFICATE_EXPIRED");
    }

    @Test
    void suspendingAProducerWithdrawsItsListings() {
        var producer = catalog.producer("HTX Bị Đình Chỉ (sample data)");
        var product = catalog.listed(producer, "Hàu Vân Đồn (sample data)", "FOOD", 150_000, 30);

        catalog.http().post("/api/producers/" + producer + "/suspension", TestTokens.admin(), "");

        assertThat(catalog.http().get("/api/products/" + product, null).status())
                .isEqualTo(404);
        assertThat(catalog.list(producer, product).status()).isEqualTo(422);
    }

    /**
     * A producer's edit and the office's suspension of that producer, meeting on one product. The
     * edit is made to wait for the product behind a lock held here, and the suspension starts while
     * it waits; when the lock goes, both must finish. Taking the product before the producer would
     * let the two wait on each other until the database kills one of them.
     */
    @Test
    void aSuspensionAndAProducersEditOfOneProductBothFinish() throws Exception {
        var producer = catalog.producer("HTX Sửa Khi Bị Đình Chỉ (sample data)");
        var product = catalog.listed(producer, "Chả mực Hạ Long (sample data)", "FOOD", 300_000, 30);
        var pool = Executors.newFixedThreadPool(2);
        try (var blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            try (var lock = blocker.prepareStatement("select id from product where id = ? for update")) {
                lock.setObject(1, product);
                lock.executeQuery().close();
            }
            var edit = pool.submit(() -> catalog.http()
                    .patch("/api/products/" + product, TestTokens.producer(producer), Map.of("priceVnd", 320_000)));
            LockWaits.await(dataSource, 1);
            var suspension = pool.submit(
                    () -> catalog.http().post("/api/producers/" + producer + "/suspension", TestTokens.admin(), ""));
            LockWaits.await(dataSource, 2);
            blocker.commit();

            var edited = edit.get(30, TimeUnit.SECONDS);
            var suspended = suspension.get(30, TimeUnit.SECONDS);
            assertThat(edited.status()).as(edited.body()).isEqualTo(200);
            assertThat(suspended.status()).as(suspended.body()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
        var stored = jdbc.sql("select price_vnd, status, delist_reason from product where id = ?")
                .param(product)
                .query((rs, row) -> List.of(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .single();
        assertThat(stored).containsExactly(320_000L, "DELISTED", "PRODUCER_SUSPENDED");
    }

    @Test
    void onlyTheOfficeListsAgainAProductTheOfficeWithdrew() {
        var producer = catalog.producer("HTX Bị Rút (sample data)");
        var product = catalog.listed(producer, "Mắm tôm (sample data)", "FOOD", 70_000, 30);

        var withdrawn = catalog.http().delete("/api/products/" + product + "/listing", TestTokens.admin());
        assertThat(withdrawn.json().get("delistReason").asString()).isEqualTo("WITHDRAWN_BY_OFFICE");

        var relist = catalog.list(producer, product);
        assertThat(relist.status()).isEqualTo(422);
        assertThat(relist.json().get("type").asString()).isEqualTo("urn:ocop:problem:withdrawn-by-office");
        assertThat(catalog.http()
                        .post("/api/products/" + product + "/listing", TestTokens.admin(), "")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void theOfficesWithdrawalOfAProductNotOnSaleStillKeepsTheProducerFromListingIt() {
        var producer = catalog.producer("HTX Tạm Dừng (sample data)");
        var paused = catalog.listed(producer, "Mực một nắng (sample data)", "FOOD", 450_000, 5);
        var draft = catalog.product(producer, "Mực khô (sample data)", "FOOD", 600_000, 5);
        catalog.certificate(
                producer,
                4,
                LocalDate.now(Products.VIETNAM).minusYears(1),
                LocalDate.now(Products.VIETNAM).plusYears(2),
                draft);
        assertThat(catalog.http()
                        .delete("/api/products/" + paused + "/listing", TestTokens.producer(producer))
                        .status())
                .isEqualTo(200);

        for (var product : List.of(paused, draft)) {
            var withdrawn = catalog.http().delete("/api/products/" + product + "/listing", TestTokens.admin());
            assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
            assertThat(withdrawn.json().get("delistReason").asString()).startsWith("WITHDRAWN_BY_OFFICE");

            var relist = catalog.list(producer, product);
            assertThat(relist.status()).as(relist.body()).isEqualTo(422);
            assertThat(relist.json().get("type").asString()).isEqualTo("urn:ocop:problem:withdrawn-by-office");
        }
    }

    @Test
    void hidesUnverifiedProducersFromAnonymousCallers() {
        var unverified = catalog.unverifiedProducer("HTX Ẩn Danh (sample data)");

        assertThat(catalog.http().get("/api/producers/" + unverified, null).status())
                .isEqualTo(404);
        assertThat(catalog.http()
                        .get("/api/producers/" + unverified, TestTokens.admin())
                        .status())
                .isEqualTo(200);
        assertThat(catalog.http().get("/api/producers?size=100", null).body()).doesNotContain(unverified.toString());
    }

    private long searchTotal(UUID producer) {
        return catalog.http()
                .get("/api/products?producer=" + producer, null)
                .json()
                .get("total")
                .asLong();
    }

    private void assertRefused(Http.Response response, String rule, UUID product) {
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("urn:ocop:problem:" + rule);
        assertThat(response.json().get("detail").asString()).isNotBlank();
        assertThat(kafka.await(
                        Topics.CATALOG_PRODUCTS, r -> product.toString().equals(r.key()), 1, Duration.ofSeconds(1)))
                .as("no event for a refused listing")
                .isEmpty();
    }
}
