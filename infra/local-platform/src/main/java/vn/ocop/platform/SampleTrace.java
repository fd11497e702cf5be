package vn.ocop.platform;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives the sample catalogue one traceable batch (invented sample data): a lot of the Ba Chẽ golden
 * camellia tea with its origin, a few trace events and three packages, so that the local platform
 * has a package page to open. Made once; a restart finds it again.
 *
 * <p>Its dates are counted back from the day it is made: produced 80 days before, best before two
 * years after that, so that the sample's page shows a current product whenever the platform is
 * first started.
 */
final class SampleTrace {

    private static final Logger log = LoggerFactory.getLogger(SampleTrace.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final String GTIN = "08930000010018";
    static final String LOT = "THV-2026-MAU";
    private static final int PRODUCED_DAYS_AGO = 80;

    private final String catalog;
    private final String trace;
    private final AdminApi api;

    SampleTrace(String catalog, String trace, String adminToken) {
        this.catalog = catalog;
        this.trace = trace;
        this.api = new AdminApi(adminToken);
    }

    /** The Digital Link of the sample batch's first package. */
    String load() throws Exception {
        var batch = existingBatch();
        if (batch == null) {
            var producedOn = LocalDate.now(SampleCatalogue.VIETNAM).minusDays(PRODUCED_DAYS_AGO);
            batch = register(producedOn);
            for (var event : List.of(
                    Map.of(
                            "bizStep",
                            "commissioning",
                            "eventTime",
                            at(producedOn.minusDays(1), "06:30"),
                            "bizLocation",
                            "Đồi trà hoa vàng thôn Làng Mới, xã Ba Chẽ (sample data)",
                            "notes",
                            "Hái hoa buổi sáng, 120 kg hoa tươi (sample data)"),
                    Map.of(
                            "eventType",
                            "TransformationEvent",
                            "bizStep",
                            "commissioning",
                            "eventTime",
                            at(producedOn, "08:00"),
                            "notes",
                            "Sấy lạnh 36 giờ (sample data)"),
                    Map.of(
                            "bizStep",
                            "inspecting",
                            "eventTime",
                            at(producedOn.plusDays(3), "10:00"),
                            "notes",
                            "Kiểm nghiệm độ ẩm, vi sinh: đạt (sample data)"),
                    Map.of(
                            "bizStep",
                            "packing",
                            "eventTime",
                            at(producedOn.plusDays(4), "14:00"),
                            "notes",
                            "Đóng 400 hộp 100 g (sample data)"))) {
                api.send("POST", trace + "/api/batches/" + batch + "/events", event, 201);
            }
            api.send("POST", trace + "/api/batches/" + batch + "/packages", Map.of("count", 3), 202);
        }
        var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var packages = api.send("GET", trace + "/api/batches/" + batch + "/packages?size=1", null, 200)
                    .get("packages");
            if (!packages.isEmpty()) {
                var uri = packages.get(0).get("uri").asString();
                log.info("Sample traceable package: {}", uri);
                return uri;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The sample batch's packages were not issued in time");
    }

    /** A time of day in Vietnam, as trace events carry it. */
    private static String at(LocalDate day, String time) {
        return day + "T" + time + ":00+07:00";
    }

    private String existingBatch() throws Exception {
        var response = api.request("GET", trace + "/01/" + GTIN + "/10/" + LOT, null);
        return response.statusCode() == 200
                ? JSON.readTree(response.body()).get("batch").get("id").asString()
                : null;
    }

    /** Registers the sample batch once trace-service has the tea product from the catalogue's events. */
    private String register(LocalDate producedOn) throws Exception {
        var producer = api.send("GET", catalog + "/api/producers?taxCode=5700100001", null, 200)
                .get(0)
                .get("id")
                .asString();
        String product = null;
        for (var hit : api.send("GET", catalog + "/api/products?size=100&producer=" + producer, null, 200)
                .get("hits")) {
            if (hit.get("name").asString().startsWith("Trà hoa vàng Ba Chẽ hộp 100 g")) {
                product = hit.get("id").asString();
            }
        }
        if (product == null) {
            throw new IllegalStateException("The sample tea product is not listed");
        }
        var body = Map.of(
                "productId",
                product,
                "lot",
                LOT,
                "quantity",
                400,
                "unit",
                "hộp",
                "origin",
                Map.of(
                        "name",
                        "Đồi trà hoa vàng thôn Làng Mới (sample data)",
                        "province",
                        "Quảng Ninh",
                        "commune",
                        "xã Ba Chẽ",
                        "latitude",
                        21.2717,
                        "longitude",
                        107.2891,
                        "areaHectares",
                        3.2),
                "producedOn",
                producedOn.toString(),
                "expiresOn",
                producedOn.plusYears(2).toString(),
                "inputs",
                List.of(Map.of("name", "Hoa trà vàng tươi (sample data)", "note", "hái tay")),
                "certifications",
                List.of(Map.of("scheme", "VIETGAP", "number", "VG-QN-0001 (sample data)")));
        var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            var response = api.request("POST", trace + "/api/batches", body);
            if (response.statusCode() == 201) {
                return JSON.readTree(response.body()).get("id").asString();
            }
            if (response.statusCode() != 422 || System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "The sample batch was refused: " + response.statusCode() + " " + response.body());
            }
            Thread.sleep(250); // the product's listing has not reached trace-service yet
        }
    }
}
