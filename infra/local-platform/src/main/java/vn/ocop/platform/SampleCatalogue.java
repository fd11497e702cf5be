package vn.ocop.platform;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import vn.ocop.platform.issuer.DemoAccounts;

/**
 * Loads the invented sample Quảng Ninh catalogue through the catalogue's API, as the provincial
 * office would: producers, their products, the certificates that cover them, then the listings. The
 * few products whose certificate has two stars or has expired must be refused with that reason.
 * A producer that is already there (a restart keeps the data) is left as it is. The file's certificate
 * dates are as they stood on its {@code datesAsOf} day, and are moved forward to the day of loading,
 * so that the sample neither expires with time nor changes which listings it refuses.
 */
final class SampleCatalogue {

    private static final Logger log = LoggerFactory.getLogger(SampleCatalogue.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String catalog;
    private final AdminApi api;

    /** What loading did. */
    record Loaded(int producers, int products, int listed, int refusedAsExpected) {}

    SampleCatalogue(String catalog, String adminToken) {
        this.catalog = catalog;
        this.api = new AdminApi(adminToken);
    }

    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    static JsonNode data() throws Exception {
        try (var in = SampleCatalogue.class.getResourceAsStream("/sample-data/quang-ninh-catalogue.json")) {
            return JSON.readTree(in);
        }
    }

    /** The day the file's certificate dates stood on. */
    static LocalDate datesAsOf(JsonNode data) {
        return LocalDate.parse(data.get("datesAsOf").asString());
    }

    /**
     * A sample certificate with its dates moved forward by as many days as {@code today} is past
     * {@code asOf}: every certificate keeps the time it had left then.
     */
    static ObjectNode certificateOn(JsonNode certificate, LocalDate asOf, LocalDate today) {
        long days = Math.max(0, ChronoUnit.DAYS.between(asOf, today));
        var moved = (ObjectNode) certificate.deepCopy();
        for (var field : List.of("recognisedOn", "expiresOn")) {
            moved.put(
                    field,
                    LocalDate.parse(certificate.get(field).asString())
                            .plusDays(days)
                            .toString());
        }
        return moved;
    }

    Loaded load(DemoAccounts accounts) throws Exception {
        var data = data();
        var asOf = datesAsOf(data);
        var today = LocalDate.now(VIETNAM);
        int producers = 0, products = 0, listed = 0, refused = 0;
        for (var producer : data.get("producers")) {
            var taxCode = producer.get("taxCode").asString();
            var existing = api.send("GET", catalog + "/api/producers?taxCode=" + taxCode, null, 200);
            if (!existing.isEmpty()) {
                accounts.producerIdentified(
                        taxCode, UUID.fromString(existing.get(0).get("id").asString()));
                continue;
            }
            var registration = ((ObjectNode) producer.deepCopy());
            registration.remove("products");
            var producerId = api.send("POST", catalog + "/api/producers", registration, 201)
                    .get("id")
                    .asString();
            accounts.producerIdentified(taxCode, UUID.fromString(producerId));
            producers++;

            var byCertificate = new LinkedHashMap<String, List<UUID>>();
            var certificates = new LinkedHashMap<String, JsonNode>();
            var created = new ArrayList<Map.Entry<UUID, JsonNode>>();
            for (var product : producer.get("products")) {
                var body = ((ObjectNode) product.deepCopy());
                body.remove("certificate");
                body.remove("expectRefusal");
                body.put("producerId", producerId);
                var id = UUID.fromString(api.send("POST", catalog + "/api/products", body, 201)
                        .get("id")
                        .asString());
                // One certificate per decision and star rating: a decision may rate two products differently.
                var certificate = product.get("certificate");
                var key = certificate.get("decisionNumber").asString() + " "
                        + certificate.get("stars").asInt();
                byCertificate.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
                certificates.put(key, certificate);
                created.add(Map.entry(id, product));
                products++;
            }
            for (var entry : byCertificate.entrySet()) {
                var certificate = certificateOn(certificates.get(entry.getKey()), asOf, today);
                certificate.put("producerId", producerId);
                var covered = certificate.putArray("products");
                entry.getValue().forEach(id -> covered.add(id.toString()));
                api.send("POST", catalog + "/api/certificates", certificate, 201);
            }
            for (var entry : created) {
                var expected = entry.getValue().get("expectRefusal");
                var response = api.request("POST", catalog + "/api/products/" + entry.getKey() + "/listing", null);
                if (expected == null && response.statusCode() == 200) {
                    listed++;
                } else if (expected != null
                        && response.statusCode() == 422
                        && JSON.readTree(response.body()).get("type").asString().endsWith(":" + expected.asString())) {
                    refused++;
                } else {
                    throw new IllegalStateException(
                            "Sample product " + entry.getValue().get("name").asString()
                                    + ": expected " + (expected == null ? "listing" : "refusal " + expected.asString())
                                    + " but got " + response.statusCode() + " " + response.body());
                }
            }
        }
        var loaded = new Loaded(producers, products, listed, refused);
        log.info("Sample catalogue loaded: {}", loaded);
        return loaded;
    }
}
