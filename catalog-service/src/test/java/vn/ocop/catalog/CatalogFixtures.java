package vn.ocop.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import vn.ocop.catalog.product.Products;
import vn.ocop.testing.Http;
import vn.ocop.testing.TestTokens;

/** Builds catalogue data through the real API, as the office and the producers would. */
public final class CatalogFixtures {

    /** Decision numbers, unique so that one producer's certificates never collide. */
    private static final AtomicLong DECISIONS = new AtomicLong(1000);

    private static final AtomicLong TAX_CODES = new AtomicLong(System.nanoTime() % 9_000_000_000L + 1_000_000_000L);

    private final Http http;

    public CatalogFixtures(int port) {
        this.http = new Http(port);
    }

    public Http http() {
        return http;
    }

    /** A verified producer (registered by the office); returns its id. */
    public UUID producer(String name) {
        return producer(name, "Quảng Ninh", "xã Ba Chẽ");
    }

    /** A verified producer at the address given, as typed. */
    public UUID producer(String name, String province, String commune) {
        var response = http.post("/api/producers", TestTokens.admin(), producerRequest(name, province, commune));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return UUID.fromString(response.json().get("id").asString());
    }

    /** A self-registered producer the office has not verified. */
    public UUID unverifiedProducer(String name) {
        var response = http.post(
                "/api/producers/self-registrations",
                TestTokens.shopper(),
                producerRequest(name, "Quảng Ninh", "xã Ba Chẽ"));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return UUID.fromString(response.json().get("id").asString());
    }

    public UUID product(UUID producer, String name, String group, long price, int stock) {
        return product(producer, name, "Sản phẩm OCOP Quảng Ninh (sample data).", group, price, stock);
    }

    public UUID product(UUID producer, String name, String description, String group, long price, int stock) {
        var body = new LinkedHashMap<String, Object>();
        body.put("name", name);
        body.put("description", description);
        body.put("group", group);
        body.put("unit", "hộp");
        body.put("netQuantity", "500 g");
        body.put("priceVnd", price);
        body.put("stock", stock);
        var response = http.post("/api/products", TestTokens.producer(producer), body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return UUID.fromString(response.json().get("id").asString());
    }

    public UUID certificate(UUID producer, int stars, LocalDate recognisedOn, LocalDate expiresOn, UUID... products) {
        var response = http.post(
                "/api/certificates",
                TestTokens.admin(),
                Map.of(
                        "producerId", producer.toString(),
                        "decisionNumber", DECISIONS.incrementAndGet() + "/QĐ-UBND",
                        "stars", stars,
                        "issuingAuthority", "UBND tỉnh Quảng Ninh",
                        "recognisedOn", recognisedOn.toString(),
                        "expiresOn", expiresOn.toString(),
                        "products",
                                List.of(products).stream().map(UUID::toString).toList()));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return UUID.fromString(response.json().get("id").asString());
    }

    /** A product listed under a valid four-star certificate. */
    public UUID listed(UUID producer, String name, String group, long price, int stock) {
        return listed(producer, name, "Sản phẩm OCOP Quảng Ninh (sample data).", group, price, stock);
    }

    /** A product with its description, listed under a valid four-star certificate. */
    public UUID listed(UUID producer, String name, String description, String group, long price, int stock) {
        var product = product(producer, name, description, group, price, stock);
        var today = LocalDate.now(Products.VIETNAM);
        certificate(producer, 4, today.minusYears(1), today.plusYears(2), product);
        var response = list(producer, product);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return product;
    }

    public Http.Response list(UUID producer, UUID product) {
        return http.post("/api/products/" + product + "/listing", TestTokens.producer(producer), "");
    }

    private static Map<String, Object> producerRequest(String name, String province, String commune) {
        return Map.of(
                "name",
                name,
                "kind",
                "COOPERATIVE",
                "taxCode",
                String.valueOf(TAX_CODES.incrementAndGet()).substring(0, 10),
                "address",
                Map.of(
                        "province", province,
                        "commune", commune,
                        "location", Map.of("latitude", 21.2717, "longitude", 107.2891)),
                "phone",
                "0203123456");
    }
}
