package vn.ocop.trace.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;
import vn.ocop.events.CloudEventHeaders;
import vn.ocop.events.EventCodec;
import vn.ocop.events.Topics;
import vn.ocop.events.catalog.ProductSnapshot;
import vn.ocop.events.catalog.ProductUpdated;
import vn.ocop.events.order.OrderShipped;
import vn.ocop.events.trace.BatchRecalled;
import vn.ocop.qr.QrCodes;
import vn.ocop.servers.EmbeddedServers;
import vn.ocop.testing.CatalogueEvents;
import vn.ocop.testing.Http;
import vn.ocop.testing.KafkaRecords;
import vn.ocop.testing.ServiceIntegrationTest;
import vn.ocop.testing.TestTokens;
import vn.ocop.trace.TraceFixtures;
import vn.ocop.trace.TraceFixtures.Fixture;
import vn.ocop.trace.catalogue.ProductCopies;

/**
 * Packages, their QR codes and the public resolver on the real servers: what a phone gets when it
 * scans a package, what an application gets, and every refusal the GS1 Digital Link syntax asks for.
 */
@ServiceIntegrationTest
@TestPropertySource(properties = "ocop.trace.clone-warning-scans=3")
class ResolverIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ProductCopies products;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private final KafkaRecords kafka =
            new KafkaRecords(EmbeddedServers.shared().addresses().kafkaBootstrapServers());
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void issuesUpToTenThousandPackagesInTheBackgroundWithUnguessableSerials() {
        var fixture = fixture("TRA-2026-05", 2_500);

        assertThat(fixture.serials()).hasSize(2_500).doesNotHaveDuplicates();
        assertThat(fixture.serials()).allSatisfy(serial -> assertThat(serial).matches("[0-9A-HJKMNP-TV-Z]{20}"));
        var page = http().get(
                        "/api/batches/" + fixture.batch() + "/packages?size=1", TestTokens.producer(fixture.producer()))
                .json();
        assertThat(page.get("packages").get(0).get("uri").asString())
                .isEqualTo("http://127.0.0.1:8083/01/" + fixture.gtin() + "/10/TRA-2026-05/21/"
                        + page.get("packages").get(0).get("serial").asString());

        var tooMany = http().post(
                        "/api/batches/" + fixture.batch() + "/packages",
                        TestTokens.producer(fixture.producer()),
                        Map.of("count", 10_001));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body()).contains("count");
        assertThat(http().post(
                                "/api/batches/" + fixture.batch() + "/packages",
                                TestTokens.producer(UUID.randomUUID()),
                                Map.of("count", 1))
                        .status())
                .as("another producer's batch is not found")
                .isEqualTo(404);
    }

    @Test
    void aPackagesQrCodeDecodesToItsDigitalLink() throws Exception {
        var fixture = fixture("QR-1", 3);
        var serial = fixture.serials().getFirst();
        var token = TestTokens.producer(fixture.producer());

        var png = client.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/packages/" + serial + "/qr.png"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        var uri = "http://127.0.0.1:8083" + fixture.path();
        assertThat(QrCodes.decode(ImageIO.read(new ByteArrayInputStream(png.body()))))
                .contains(uri);
        var svg = http().get("/api/packages/" + serial + "/qr.svg", token);
        assertThat(svg.contentType()).startsWith("image/svg+xml");
        assertThat(svg.body()).startsWith("<svg").contains("viewBox");
        assertThat(http().get("/api/packages/" + serial + "/qr.svg", TestTokens.producer(UUID.randomUUID()))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void theLabelSheetIsAnA4PdfWhoseCodesAllDecodeBackToTheirUris() throws Exception {
        var fixture = fixture("SHEET-1", 30);
        var token = TestTokens.producer(fixture.producer());
        var jobs = http().post("/api/batches/" + fixture.batch() + "/packages", token, Map.of("count", 1));
        var pending = http().get("/api/package-jobs/" + jobs.json().get("id").asString() + "/label-sheet.pdf", token);
        assertThat(pending.status())
                .as("409 while issuing, or the sheet once done")
                .isIn(200, 409);

        var pdf = client.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/package-jobs/" + fixture.job() + "/label-sheet.pdf"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
            assertThat(document.getNumberOfPages()).as("24 labels to a page").isEqualTo(2);
            var page = document.getPage(0).getMediaBox();
            assertThat(page.getWidth()).isCloseTo(595.28f, org.assertj.core.data.Offset.offset(0.5f));
            assertThat(page.getHeight()).isCloseTo(841.89f, org.assertj.core.data.Offset.offset(0.5f));
            var text = new org.apache.pdfbox.text.PDFTextStripper().getText(document);
            assertThat(text)
                    .contains("Trà hoa vàng Ba Chẽ")
                    .contains("SHEET-1")
                    .contains(fixture.serials().getFirst());
            var renderer = new org.apache.pdfbox.rendering.PDFRenderer(document);
            var decoded = new java.util.ArrayList<String>();
            float scale = 2; // 144 dpi: four pixels to a two-point module
            for (int i = 0; i < 30; i++) {
                var image = renderer.renderImage(i / 24, scale, org.apache.pdfbox.rendering.ImageType.GRAY);
                var cell = vn.ocop.trace.packages.LabelSheetLayout.cell(i);
                var crop = image.getSubimage(
                        (int) (cell[0] * scale),
                        (int) (cell[1] * scale),
                        (int) (vn.ocop.trace.packages.LabelSheetLayout.CELL_WIDTH * scale),
                        (int) (vn.ocop.trace.packages.LabelSheetLayout.CODE_AREA_HEIGHT * scale));
                var read = QrCodes.decode(crop);
                decoded.add(read.orElseThrow(() -> new AssertionError("a label could not be read")));
            }
            assertThat(decoded)
                    .containsExactlyInAnyOrderElementsOf(fixture.serials().stream()
                            .map(serial -> "http://127.0.0.1:8083/01/" + fixture.gtin() + "/10/SHEET-1/21/" + serial)
                            .toList());
        }
    }

    @Test
    void aPhoneGetsThePageAnApplicationTheRecordOrTheLinkset() throws Exception {
        var fixture = fixture("HTML-1", 2);
        var path = fixture.path();

        var page = get(path, "text/html,application/xhtml+xml", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body())
                .contains("<html lang=\"vi\"")
                .contains("Trà hoa vàng Ba Chẽ (sample data)")
                .contains("HTML-1")
                .contains("Đồi chè Làng Mới (sample data)")
                .contains("VIETGAP")
                .contains("OCOP 4 sao")
                .contains("Số lần quét")
                .doesNotContain("<script");
        assertThat(page.body().getBytes(StandardCharsets.UTF_8).length)
                .as("HTML and CSS")
                .isLessThan(50_000);
        assertThat(get(path + "?lang=en", "text/html", null).body())
                .contains("<html lang=\"en\"")
                .contains("Times scanned");

        var json = get(path, "application/json", null);
        assertThat(json.statusCode()).isEqualTo(200);
        var record = JSON.readTree(json.body());
        assertThat(record.get("product").get("gtin").asString()).isEqualTo(fixture.gtin());
        assertThat(record.get("batch").get("lot").asString()).isEqualTo("HTML-1");
        assertThat(record.get("packageFacts").get("scanCount").asLong())
                .as("the third scan")
                .isEqualTo(3);
        assertThat(record.get("packageFacts").get("firstScanAt").isNull()).isFalse();
        assertThat(json.headers().allValues("Link").toString()).contains("rel=\"linkset\"");
        // The product has no photo yet: neither the page nor the record points at one.
        assertThat(page.body()).doesNotContain("<img");
        assertThat(record.get("product").path("photoUrl").isString()).isFalse();
        // A cross-origin request is answered by the controller rather than the fast path: the same record.
        var crossOrigin = get(path, "application/json", "https://shop.example");
        assertThat(crossOrigin.headers().allValues("Link"))
                .isEqualTo(json.headers().allValues("Link"));
        var viaController = JSON.readTree(crossOrigin.body());
        for (var member : List.of("uri", "product", "producer", "batch")) {
            assertThat(viaController.get(member)).as(member).isEqualTo(record.get(member));
        }
        assertThat(viaController.get("packageFacts").get("scanCount").asLong()).isEqualTo(4);

        for (var linkset :
                List.of(get(path, "application/linkset+json", null), get(path + "?linkType=linkset", "*/*", null))) {
            assertThat(linkset.statusCode()).isEqualTo(200);
            assertThat(linkset.headers().firstValue("Content-Type")).hasValue("application/linkset+json");
            var links = JSON.readTree(linkset.body()).get("linkset").get(0);
            assertThat(links.get("anchor").asString()).isEqualTo("http://127.0.0.1:8083" + path);
            assertThat(links.get("https://gs1.org/voc/pip").get(0).get("href").asString())
                    .isEqualTo("http://127.0.0.1:8081/api/products/" + fixture.product());
        }

        var pip = get(path + "?linkType=gs1:pip", "text/html", null);
        assertThat(pip.statusCode()).isEqualTo(307);
        assertThat(pip.headers().firstValue("Location"))
                .hasValue("http://127.0.0.1:8081/api/products/" + fixture.product());
        long beforeUnknownLink = scans(path);
        assertThat(get(path + "?linkType=gs1:certificationInfo", "*/*", null).statusCode())
                .isEqualTo(404);
        assertThat(scans(path))
                .as("a link the resolver does not have is no scan, the JSON read after it is")
                .isEqualTo(beforeUnknownLink + 1);

        long before = scans(path);
        var head = client.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(scans(path))
                .as("HEAD is not a scan, the JSON read after it is")
                .isEqualTo(before + 1);

        var options = client.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(options.statusCode()).isEqualTo(204);
        assertThat(options.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
        var preflight = client.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Origin", "https://shop.example.vn")
                        .header("Access-Control-Request-Method", "GET")
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("*");
        var cors = get(path, "application/json", "https://shop.example.vn");
        assertThat(cors.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");

        var wellKnown = get("/.well-known/gs1resolver", "application/json", null);
        assertThat(wellKnown.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(wellKnown.body())
                        .get("supportedPrimaryKeys")
                        .get(0)
                        .asString())
                .isEqualTo("01");

        // Once the product has a photo, the page shows its thumbnail.
        kafka.publish(new ProductUpdated(
                UUID.randomUUID(),
                Instant.now(),
                fixture.product(),
                3,
                List.of("photos"),
                withThumbnail(
                        CatalogueEvents.productListed(
                                        fixture.product(),
                                        fixture.producer(),
                                        "Trà hoa vàng Ba Chẽ (sample data)",
                                        "BEVERAGES",
                                        fixture.gtin(),
                                        450_000,
                                        true)
                                .product(),
                        "products/" + fixture.product() + "/thumbnails/sample.jpg")));
        var photoUrl = "http://127.0.0.1:8081/api/products/" + fixture.product() + "/thumbnail";
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(get(path, "text/html", null).body()).contains("<img src=\"" + photoUrl + "\""));
        assertThat(JSON.readTree(get(path, "application/json", null).body())
                        .get("product")
                        .get("photoUrl")
                        .asString())
                .isEqualTo(photoUrl);
    }

    private static ProductSnapshot withThumbnail(ProductSnapshot p, String thumbnailKey) {
        return new ProductSnapshot(
                p.productId(),
                p.producerId(),
                p.producerName(),
                p.name(),
                p.description(),
                p.group(),
                p.gtin(),
                p.unit(),
                p.netQuantity(),
                p.priceVnd(),
                p.stock(),
                p.listed(),
                p.stars(),
                p.certificateNumber(),
                p.certificateExpiresOn(),
                p.province(),
                p.commune(),
                p.latitude(),
                p.longitude(),
                thumbnailKey,
                p.listedAt());
    }

    @Test
    void invalidSyntaxIsA400ProblemAndAcceptedFormsResolve() throws Exception {
        var fixture = fixture("A/B+1", 1);
        var gtin = fixture.gtin();
        var serial = fixture.serials().getFirst();

        for (var invalid : List.of(
                "/01/" + gtin + "/21/" + serial + "/10/A%2FB+1", // wrong qualifier order
                "/01/" + gtin.substring(0, 13) + ((gtin.charAt(13) - '0' + 1) % 10), // bad check digit
                "/01/" + gtin + "/10/%C3%94-1", // outside CSET 82
                "/01/" + gtin + "/10/ABCDEFGHIJKLMNOPQRSTU", // a lot of 21 characters
                "/01/" + gtin + "/10/A/10/B", // duplicate AI
                "/01/" + gtin + "?10=A%2FB%2B1")) { // an AI that belongs in the path
            var response = get(invalid, "application/json", null);
            assertThat(response.statusCode()).as(invalid).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(JSON.readTree(response.body()).get("type").asString())
                    .isEqualTo("urn:ocop:problem:invalid-digital-link");
        }

        var escaped = get(
                "/01/" + gtin + "/10/A%2FB+1/21/" + serial + "?17=281231&utm_source=label", "application/json", null);
        assertThat(escaped.statusCode()).as(escaped.body()).isEqualTo(200);
        assertThat(JSON.readTree(escaped.body()).get("batch").get("lot").asString())
                .isEqualTo("A/B+1");
        assertThat(get("/01/" + gtin, "application/json", null).statusCode()).isEqualTo(200);
        assertThat(get("/01/" + gtin + "/10/A%2FB+1", "application/json", null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aLotWithASemicolonResolvesEscapedAndRawButAPathParameterLeadsNowhereElse() throws Exception {
        var fixture = fixture("L;2026", 1);
        var serial = fixture.serials().getFirst();
        var printed = fixture.path();
        assertThat(printed).contains("/10/L%3B2026/21/");
        var canonical = "http://127.0.0.1:8083" + printed;
        // Labels printed before the resolver escaped ";" carry it raw.
        var raw = "/01/" + fixture.gtin() + "/10/L;2026/21/" + serial;

        for (var path : List.of(printed, raw)) {
            var json = get(path, "application/json", null);
            assertThat(json.statusCode()).as(path).isEqualTo(200);
            assertThat(JSON.readTree(json.body()).get("batch").get("lot").asString())
                    .isEqualTo("L;2026");
            var viaController = get(path, "application/json", "https://shop.example");
            assertThat(viaController.statusCode()).as(path).isEqualTo(200);
            assertThat(JSON.readTree(viaController.body()).get("uri").asString())
                    .isEqualTo(canonical);
            var linkset = get(path, "application/linkset+json", null);
            assertThat(linkset.statusCode()).as(path).isEqualTo(200);
            assertThat(JSON.readTree(linkset.body())
                            .get("linkset")
                            .get(0)
                            .get("anchor")
                            .asString())
                    .isEqualTo(canonical);
            var pip = get(path + "?linkType=gs1:pip", "text/html", null);
            assertThat(pip.statusCode()).as(path).isEqualTo(307);
            assertThat(pip.headers().firstValue("Location"))
                    .hasValue("http://127.0.0.1:8081/api/products/" + fixture.product());
            var options = client.send(
                    HttpRequest.newBuilder(URI.create(base() + path))
                            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(options.statusCode()).as(path).isEqualTo(204);
            var unknownSerial = path.substring(0, path.lastIndexOf('/') + 1) + "ZZZZZZZZZZZZZZZZZZZZ";
            assertThat(get(unknownSerial, "application/json", null).statusCode())
                    .as(unknownSerial)
                    .isEqualTo(404);
        }

        // A dot segment with a path parameter resolves outside the resolver: still refused.
        for (var hostile : List.of(
                "/01/..;/api/package-jobs/" + fixture.job(),
                "/01/" + fixture.gtin() + "/..;/..;/api/package-jobs/" + fixture.job(),
                "/01/%2e%2e;/api/package-jobs/" + fixture.job())) {
            var response = get(hostile, "application/json", null);
            assertThat(response.statusCode()).as(hostile).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("type").asString())
                    .as(hostile)
                    .isEqualTo("urn:ocop:problem:rejected-request");
        }
    }

    @Test
    void lotsWhoseEscapesTheFirewallGuardsAgainstAnswerEveryKindOfRequest() throws Exception {
        // GS1 allows "/" and "%" in a lot: escaped, such lots put "%2F%2F" in the link, or, once the
        // server decodes "%25", "%5C" and "%2E" in its path.
        for (var lot : List.of("HL//01", "A%5C%2E%2F%2F")) {
            var fixture = fixture(lot, 1);
            var printed = fixture.path();
            var json = get(printed, "application/json", null);
            assertThat(json.statusCode()).as(printed).isEqualTo(200);
            assertThat(JSON.readTree(json.body()).get("batch").get("lot").asString())
                    .isEqualTo(lot);
            var viaController = get(printed, "application/json", "https://shop.example");
            assertThat(viaController.statusCode()).as(printed).isEqualTo(200);
            assertThat(get(printed, "application/linkset+json", null).statusCode())
                    .as(printed)
                    .isEqualTo(200);
            assertThat(get(printed + "?linkType=gs1:pip", "text/html", null).statusCode())
                    .as(printed)
                    .isEqualTo(307);
            var head = client.send(
                    HttpRequest.newBuilder(URI.create(base() + printed))
                            .method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).as(printed).isEqualTo(200);
            var unknownSerial = printed.substring(0, printed.lastIndexOf('/') + 1) + "ZZZZZZZZZZZZZZZZZZZZ";
            assertThat(get(unknownSerial, "application/json", null).statusCode())
                    .as(unknownSerial)
                    .isEqualTo(404);
        }
        // Outside a Digital Link the firewall still refuses them.
        var elsewhere = get("/api/batches/A%2F%2FB", "application/json", null);
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(elsewhere.body()).get("type").asString())
                .isEqualTo("urn:ocop:problem:rejected-request");
    }

    @Test
    void whileTheDatabaseIsAwayAScanIsA503ToRetryAndIsCountedOnceAfter() throws Exception {
        var fixture = fixture("AWAY-1", 1);
        var database = jdbc.sql("select current_database()").query(String.class).single();

        try (var away =
                vn.ocop.testing.DatabaseOutage.of(EmbeddedServers.shared().addresses(), database)) {
            for (var accept : List.of("text/html", "application/json")) {
                var response = get(fixture.path(), accept, null);
                assertThat(response.statusCode())
                        .as(accept + ": " + response.body())
                        .isEqualTo(503);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(JSON.readTree(response.body()).get("type").asString())
                        .isEqualTo("urn:ocop:problem:service-unavailable");
                assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
            }
            assertThat(get("/01/" + gtin(), "application/json", null).statusCode())
                    .as("an unknown code cannot be told from a known one either")
                    .isEqualTo(503);
        }

        await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> get(fixture.path(), "application/json", null).statusCode() == 200);
        // The first answer after the outage may come from the controller after the fast path met the
        // database still away; that one is not counted. So one or two scans so far, never more.
        long afterOutage = scans(fixture.path());
        assertThat(afterOutage)
                .as("the scans refused during the outage are not counted")
                .isBetween(1L, 2L);
        assertThat(scans(fixture.path())).as("each scan answered counts once").isEqualTo(afterOutage + 1);
    }

    @Test
    void anUnknownSerialIsTheSame404AsAnUnknownProductAndRevealsNothing() throws Exception {
        var fixture = fixture("KNOWN-LOT", 1);
        var unknownSerial =
                get("/01/" + fixture.gtin() + "/10/KNOWN-LOT/21/ZZZZZZZZZZZZZZZZZZZZ", "application/json", null);
        var unknownLot = get(
                "/01/" + fixture.gtin() + "/10/OTHER/21/" + fixture.serials().getFirst(), "application/json", null);
        var unknownProduct = get("/01/" + gtin(), "application/json", null);

        for (var response : List.of(unknownSerial, unknownLot, unknownProduct)) {
            assertThat(response.statusCode()).isEqualTo(404);
            var problem = JSON.readTree(response.body());
            assertThat(problem.get("detail").asString()).isEqualTo("Nothing is registered under this code.");
            assertThat(problem.size()).as("no member beyond the standard ones").isLessThanOrEqualTo(5);
        }
    }

    @Test
    void theScanLogWarnsOfACopiedLabel() throws Exception {
        var fixture = fixture("CLONE-1", 1);
        for (int i = 0; i < 3; i++) {
            assertThat(get(fixture.path(), "text/html", null).body()).doesNotContain("clone-warning");
        }

        var fourth = get(fixture.path(), "text/html", null).body();

        assertThat(fourth).contains("id=\"clone-warning\"").contains("đã được quét 4 lần");
        assertThat(get(fixture.path(), "application/json", null).statusCode()).isEqualTo(200);
        var serial = fixture.serials().getFirst();
        await().atMost(WAIT)
                .until(() -> jdbc.sql("select scan_count from package where serial = ?")
                                .param(serial)
                                .query(Long.class)
                                .single()
                        == 5);
        assertThat(jdbc.sql(
                                """
                                select client_kind, sum(scans) from package_scan where serial = ?
                                group by client_kind order by client_kind
                                """)
                        .param(serial)
                        .query((rs, row) -> rs.getString(1) + "=" + rs.getLong(2))
                        .list())
                .as("every scan logged, with coarse client facts only")
                .containsExactly("application=1", "browser=4");
        assertThat(jdbc.sql("select count(*) from package_scan where serial = ? and at <> date_trunc('second', at)")
                        .param(serial)
                        .query(Long.class)
                        .single())
                .as("times kept to the second")
                .isZero();
    }

    @Test
    void traceEventsAreAppendOnlyAndTheTimelineShowsTheCorrection() throws Exception {
        var fixture = fixture("EVT-1", 1);
        var token = TestTokens.producer(fixture.producer());
        var harvest = http().post(
                        "/api/batches/" + fixture.batch() + "/events",
                        token,
                        Map.of(
                                "bizStep", "commissioning",
                                "eventTime", "2026-05-02T06:30:00+07:00",
                                "bizLocation", "Đồi chè Làng Mới, xã Ba Chẽ (sample data)",
                                "notes", "Hái tay buổi sáng (sample data)"));
        assertThat(harvest.status()).as(harvest.body()).isEqualTo(201);
        var packing = http().post(
                        "/api/batches/" + fixture.batch() + "/events",
                        token,
                        Map.of(
                                "bizStep",
                                "packing",
                                "eventTime",
                                "2026-05-04T09:00:00+07:00",
                                "notes",
                                "Đóng 500 hộp (sample data)"));
        var correction = http().post(
                        "/api/batches/" + fixture.batch() + "/events",
                        token,
                        Map.of(
                                "bizStep", "packing",
                                "eventTime", "2026-05-04T09:00:00+07:00",
                                "notes", "Đóng 480 hộp (sample data)",
                                "corrects", packing.json().get("id").asString()));
        assertThat(correction.status()).as(correction.body()).isEqualTo(201);

        var all =
                http().get("/api/batches/" + fixture.batch() + "/events", null).json();
        assertThat(all.size()).as("nothing is overwritten").isEqualTo(3);
        assertThat(all.get(0).get("eventTime").asString()).isEqualTo("2026-05-02T06:30:00+07:00");
        var page = get(fixture.path(), "text/html", null).body();
        assertThat(page)
                .contains("Thu hoạch / sản xuất")
                .contains("Đóng 480 hộp")
                .doesNotContain("Đóng 500 hộp")
                .contains("(đã đính chính)");

        var harvesting = http().post(
                        "/api/batches/" + fixture.batch() + "/events",
                        token,
                        Map.of("bizStep", "harvesting", "eventTime", "2026-05-02T06:30:00+07:00"));
        assertThat(harvesting.status()).isEqualTo(400);
        assertThat(harvesting.body()).contains("bizStep");
        // Steps and dispositions are CBV 2.0's own: a word that reads like one is named, not stored.
        for (var notCbv : List.of(
                Map.of("bizStep", "processing", "eventTime", "2026-05-02T06:30:00+07:00"),
                Map.of("bizStep", "inspecting", "disposition", "passed", "eventTime", "2026-05-02T06:30:00+07:00"),
                Map.of("bizStep", "shipping", "disposition", "recaled", "eventTime", "2026-05-02T06:30:00+07:00"))) {
            var refused = http().post("/api/batches/" + fixture.batch() + "/events", token, notCbv);
            assertThat(refused.status()).as(notCbv.toString()).isEqualTo(400);
            assertThat(refused.json().path("errors").get(0).path("field").asString())
                    .isEqualTo(notCbv.containsKey("disposition") ? "disposition" : "bizStep");
        }
        var drying = http().post(
                        "/api/batches/" + fixture.batch() + "/events",
                        token,
                        Map.of(
                                "eventType", "TransformationEvent",
                                "bizStep", "commissioning",
                                "disposition", "non_conformant",
                                "eventTime", "2026-05-02T08:00:00+07:00",
                                "notes", "Sấy lạnh 36 giờ, một mẻ ẩm quá (sample data)"));
        assertThat(drying.status()).as(drying.body()).isEqualTo(201);
        assertThat(get(fixture.path(), "text/html", null).body())
                .contains("<strong>Chế biến</strong> – <strong class=\"disposition\">Không đạt yêu cầu</strong>")
                .contains("Sấy lạnh 36 giờ, một mẻ ẩm quá (sample data)");
        // Only a recall makes a batch recalled: it warns every scan and tells the buyers; an event cannot.
        var saidRecalled = http().post(
                        "/api/batches/" + fixture.batch() + "/events",
                        token,
                        Map.of(
                                "bizStep",
                                "holding",
                                "disposition",
                                "recalled",
                                "eventTime",
                                "2026-05-05T07:30:00+07:00"));
        assertThat(saidRecalled.status()).as(saidRecalled.body()).isEqualTo(409);
        assertThat(saidRecalled.json().get("field").asString()).isEqualTo("disposition");
        assertThat(saidRecalled.json().get("detail").asString()).contains("/recall");
        var noOffset = http().post(
                        "/api/batches/" + fixture.batch() + "/events",
                        token,
                        Map.of("bizStep", "inspecting", "eventTime", "2026-05-02T06:30:00"));
        assertThat(noOffset.status()).isEqualTo(400);
        assertThat(noOffset.json().get("field").asString()).isEqualTo("eventTime");
        var longAgo = http().post(
                        "/api/batches/" + fixture.batch() + "/events",
                        token,
                        Map.of("bizStep", "inspecting", "eventTime", "-4800-01-01T00:00:00Z"));
        assertThat(longAgo.status()).as(longAgo.body()).isEqualTo(400);
        assertThat(longAgo.json().get("field").asString()).isEqualTo("eventTime");

        // The packing is corrected already: a second correction of it is refused, one of the correction is not.
        var again = http().post(
                        "/api/batches/" + fixture.batch() + "/events",
                        token,
                        Map.of(
                                "bizStep", "packing",
                                "eventTime", "2026-05-04T09:00:00+07:00",
                                "notes", "Đóng 470 hộp (sample data)",
                                "corrects", packing.json().get("id").asString()));
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        var ofTheCorrection = http().post(
                        "/api/batches/" + fixture.batch() + "/events",
                        token,
                        Map.of(
                                "bizStep", "packing",
                                "eventTime", "2026-05-04T09:00:00+07:00",
                                "notes", "Đóng 470 hộp (sample data)",
                                "corrects", correction.json().get("id").asString()));
        assertThat(ofTheCorrection.status()).as(ofTheCorrection.body()).isEqualTo(201);
        assertThat(get(fixture.path(), "text/html", null).body())
                .contains("Đóng 470 hộp")
                .doesNotContain("Đóng 480 hộp");
    }

    @Test
    void aRecallReachesTheOrdersItsPackagesWentToAndEveryScanWarns() throws Exception {
        var fixture = fixture("RECALL-1", 3);
        var token = TestTokens.producer(fixture.producer());
        var leaves = fixture("LEAVES-1", 1);
        assertThat(http().put(
                                "/api/batches/" + fixture.batch() + "/inputs",
                                token,
                                Map.of("batchIds", List.of(leaves.batch())))
                        .status())
                .isEqualTo(204);
        var order = shipped(fixture, token, fixture.serials().subList(0, 2));

        var recall = http().post(
                        "/api/batches/" + fixture.batch() + "/recall",
                        token,
                        Map.of("reason", "Độ ẩm vượt ngưỡng (sample data)"));

        assertThat(recall.status()).as(recall.body()).isEqualTo(200);
        var event = firstRecalled(fixture.batch());
        assertThat(event.orderIds()).containsExactly(order);
        assertThat(event.lot()).isEqualTo("RECALL-1");
        var page = get(
                        "/01/" + fixture.gtin() + "/10/RECALL-1/21/"
                                + fixture.serials().get(2),
                        "text/html",
                        null)
                .body();
        assertThat(page)
                .contains("id=\"recall\"")
                .contains("THU HỒI")
                .contains("Độ ẩm vượt ngưỡng (sample data)")
                .contains("LEAVES-1");
        assertThat(http().post("/api/batches/" + fixture.batch() + "/packages", token, Map.of("count", 1))
                        .status())
                .isEqualTo(422);
        // Once recalled, the batch's own record says so, and its events may say recalled.
        var recalledBatch =
                http().get("/api/batches/" + fixture.batch(), null).json().get("recall");
        assertThat(recalledBatch.get("reason").asString()).isEqualTo("Độ ẩm vượt ngưỡng (sample data)");
        assertThat(recalledBatch.get("at").asString()).isNotBlank();
        assertThat(recalledBatch.get("via").isNull()).isTrue();
        var held = http().post(
                        "/api/batches/" + fixture.batch() + "/events",
                        token,
                        Map.of(
                                "bizStep",
                                "holding",
                                "disposition",
                                "recalled",
                                "eventTime",
                                java.time.OffsetDateTime.now().minusMinutes(1).toString(),
                                "notes",
                                "Gom về kho HTX (sample data)"));
        assertThat(held.status()).as(held.body()).isEqualTo(201);
        assertThat(get(fixture.path(), "text/html", null).body())
                .contains("<strong class=\"disposition\">Thu hồi</strong>");

        var late = ship(fixture, fixture.serials().subList(2, 3));
        var again = kafka
                .await(
                        Topics.TRACE_BATCHES,
                        r -> fixture.batch().toString().equals(r.key())
                                && r.value().contains(late.toString()),
                        1,
                        WAIT)
                .stream()
                .map(r -> (BatchRecalled) EventCodec.read(KafkaRecords.header(r, CloudEventHeaders.TYPE), r.value()))
                .toList();
        assertThat(again)
                .as("a package shipped after the recall names its order")
                .isNotEmpty();
        assertThat(again.getFirst().orderIds()).containsExactly(late);
        assertThat(again.getFirst().batchVersion()).isEqualTo(event.batchVersion());
        assertThat(again.getFirst().occurredAt()).as("the recall's time").isEqualTo(event.occurredAt());
        assertThat(again.getFirst().reason()).isEqualTo("Độ ẩm vượt ngưỡng (sample data)");
    }

    @Test
    void aRecallReachesEveryBatchMadeFromTheRecalledOneAndTheOrdersTheyWentTo() throws Exception {
        // Tea leaves -> dried tea (another cooperative) -> gift boxes (a third), sample data.
        var leaves = fixture("CHAIN-LEAVES", 1);
        var tea = fixture("CHAIN-TEA", 1);
        var boxes = fixture("CHAIN-BOX", 2);
        var unrelated = fixture("CHAIN-OTHER", 1);
        var teaToken = TestTokens.producer(tea.producer());
        var boxToken = TestTokens.producer(boxes.producer());
        assertThat(http().put(
                                "/api/batches/" + tea.batch() + "/inputs",
                                teaToken,
                                Map.of("batchIds", List.of(leaves.batch())))
                        .status())
                .isEqualTo(204);
        assertThat(http().put(
                                "/api/batches/" + boxes.batch() + "/inputs",
                                boxToken,
                                Map.of("batchIds", List.of(tea.batch(), unrelated.batch())))
                        .status())
                .isEqualTo(204);
        var order = shipped(boxes, boxToken, boxes.serials().subList(0, 1));

        var recall = http().post(
                        "/api/batches/" + leaves.batch() + "/recall",
                        TestTokens.producer(leaves.producer()),
                        Map.of("reason", "Dư lượng thuốc bảo vệ thực vật (sample data)"));

        assertThat(recall.status()).as(recall.body()).isEqualTo(200);
        assertThat(recall.json().get("orderIds")).isEmpty();
        var also = recall.json().get("alsoRecalled");
        assertThat(also).hasSize(2);
        assertThat(also.get(0).get("batchId").asString()
                        + also.get(1).get("batchId").asString())
                .contains(tea.batch().toString())
                .contains(boxes.batch().toString());
        for (var derived : also) {
            var expected =
                    derived.get("batchId").asString().equals(boxes.batch().toString())
                            ? List.of(order.toString())
                            : List.of();
            var orderIds = new java.util.ArrayList<String>();
            derived.get("orderIds").forEach(n -> orderIds.add(n.asString()));
            assertThat(orderIds).isEqualTo(expected);
        }
        var boxEvent = firstRecalled(boxes.batch());
        assertThat(boxEvent.orderIds()).containsExactly(order);
        assertThat(boxEvent.lot()).isEqualTo("CHAIN-BOX");
        assertThat(boxEvent.reason())
                .isEqualTo("Made from recalled batch CHAIN-LEAVES of Trà hoa vàng Ba Chẽ (sample data): "
                        + "Dư lượng thuốc bảo vệ thực vật (sample data)");

        var page = get(boxes.path(), "text/html", null).body();
        assertThat(page)
                .contains("id=\"recall\"")
                .contains("được làm từ một lô nguyên liệu đã bị thu hồi")
                .contains("lô CHAIN-LEAVES")
                .contains("Dư lượng thuốc bảo vệ thực vật (sample data)");
        var record = JSON.readTree(get(boxes.path(), "application/json", null).body());
        assertThat(record.at("/batch/recall/madeFrom/lot").asString()).isEqualTo("CHAIN-LEAVES");
        var leavesRecord =
                JSON.readTree(get(leaves.path(), "application/json", null).body());
        assertThat(leavesRecord.at("/batch/recall/reason").asString())
                .isEqualTo("Dư lượng thuốc bảo vệ thực vật (sample data)");
        assertThat(leavesRecord.at("/batch/recall/madeFrom").isObject())
                .as("the recalled batch itself names no other")
                .isFalse();
        assertThat(get(unrelated.path(), "text/html", null).body())
                .as("a batch the gift boxes were made from is not made from the leaves")
                .doesNotContain("id=\"recall\"");
        assertThat(http().post("/api/batches/" + tea.batch() + "/packages", teaToken, Map.of("count", 1))
                        .status())
                .as("no more packages of a batch recalled through its input")
                .isEqualTo(422);
        var teaRecall = http().get("/api/batches/" + tea.batch(), null).json().get("recall");
        assertThat(teaRecall.get("via").asString()).isEqualTo(leaves.batch().toString());
        assertThat(teaRecall.get("reason").asString()).isEqualTo("Dư lượng thuốc bảo vệ thực vật (sample data)");
        assertThat(http().get("/api/batches/" + unrelated.batch(), null)
                        .json()
                        .get("recall")
                        .isNull())
                .isTrue();
        assertThat(http().post("/api/batches/" + boxes.batch() + "/recall", boxToken, Map.of("reason", "again"))
                        .status())
                .isEqualTo(409);

        // Naming the recalled leaves as the input of a batch not recalled is refused, and changes nothing.
        var later = fixture("CHAIN-LATER", 1);
        var named = http().put(
                        "/api/batches/" + later.batch() + "/inputs",
                        TestTokens.producer(later.producer()),
                        Map.of("batchIds", List.of(unrelated.batch(), leaves.batch())));
        assertThat(named.status()).as(named.body()).isEqualTo(400);
        assertThat(named.json().path("errors").get(0).path("field").asString()).isEqualTo("batchIds[1]");
        assertThat(get(later.path(), "text/html", null).body()).doesNotContain("CHAIN-OTHER");
    }

    @Test
    void aBatchsLabResultIsStoredReadBackAndLinkedFromThePage() throws Exception {
        var fixture = fixture("DOC-1", 1);
        var token = TestTokens.producer(fixture.producer());
        var pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

        var added = upload(
                fixture.batch(), token, "LAB_RESULT", "Phiếu kiểm nghiệm vi sinh (sample data)", "result.pdf", pdf);

        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        var url = JSON.readTree(added.body()).get("url").asString();
        var read = client.send(
                HttpRequest.newBuilder(URI.create(base() + url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(read.headers().firstValueAsLong("Content-Length")).hasValue(pdf.length);
        assertThat(read.body()).isEqualTo(pdf);
        // A document near the 10 MB limit is passed on from object storage as it arrives, and arrives whole.
        var large = new byte[9 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(large);
        System.arraycopy(pdf, 0, large, 0, 9);
        var addedLarge =
                upload(fixture.batch(), token, "OTHER", "Ảnh chụp vùng nguyên liệu (sample data)", "x.pdf", large);
        assertThat(addedLarge.statusCode()).as(addedLarge.body()).isEqualTo(201);
        var readLarge = client.send(
                HttpRequest.newBuilder(URI.create(base()
                                + JSON.readTree(addedLarge.body()).get("url").asString()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(readLarge.headers().firstValueAsLong("Content-Length")).hasValue(large.length);
        assertThat(readLarge.body()).isEqualTo(large);
        var page = get(fixture.path(), "text/html", null).body();
        assertThat(page).contains("Phiếu kiểm nghiệm vi sinh (sample data)").contains("Kết quả kiểm nghiệm");
        // A title typed with combining marks is kept composed, as every other text is.
        var decomposed = Normalizer.normalize("Giấy chứng nhận VietGAP (sample data)", Normalizer.Form.NFD);
        var certificate = upload(fixture.batch(), token, "CERTIFICATE", decomposed, "vietgap.pdf", pdf);
        assertThat(certificate.statusCode()).as(certificate.body()).isEqualTo(201);
        assertThat(JSON.readTree(certificate.body()).get("title").asString())
                .isEqualTo("Giấy chứng nhận VietGAP (sample data)")
                .isNotEqualTo(decomposed);

        var disguised = upload(
                fixture.batch(),
                token,
                "LAB_RESULT",
                "Not a PDF",
                "result.pdf",
                "plain text".getBytes(StandardCharsets.UTF_8));
        assertThat(disguised.statusCode()).isEqualTo(415);
        assertThat(disguised.body()).contains("\"field\":\"file\"");
        var badKind = upload(fixture.batch(), token, "SELFIE", "x", "a.pdf", pdf);
        assertThat(badKind.statusCode()).isEqualTo(400);
        assertThat(badKind.body()).contains("\"field\":\"kind\"");
        var bell = upload(fixture.batch(), token, "LAB_RESULT", "Phiếu\u0007kiểm nghiệm", "a.pdf", pdf);
        assertThat(bell.statusCode()).isEqualTo(400);
        assertThat(bell.body()).contains("\"field\":\"title\"").contains("control characters");
        assertThat(upload(fixture.batch(), TestTokens.producer(UUID.randomUUID()), "PHOTO", "x", "a.pdf", pdf)
                        .statusCode())
                .isEqualTo(404);
        assertThat(JSON.readTree(http().get("/api/batches/" + fixture.batch() + "/documents", null)
                                .body())
                        .size())
                .as("only the accepted documents are recorded")
                .isEqualTo(3);
    }

    private HttpResponse<String> upload(UUID batch, String token, String kind, String title, String name, byte[] bytes)
            throws Exception {
        var boundary = "----ocop" + UUID.randomUUID();
        var body = new java.io.ByteArrayOutputStream();
        for (var field : Map.of("kind", kind, "title", title).entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                            + field.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(bytes);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return client.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/batches/" + batch + "/documents"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private long scans(String path) throws Exception {
        return JSON.readTree(get(path, "application/json", null).body())
                .get("packageFacts")
                .get("scanCount")
                .asLong();
    }

    /** Tells the service, as order-service does, that these packages were shipped in a new order. */
    private UUID ship(Fixture fixture, List<String> serials) {
        var order = UUID.randomUUID();
        kafka.publish(new OrderShipped(
                UUID.randomUUID(), Instant.now(), order, 4, UUID.randomUUID(), "shopper", fixture.producer(), serials));
        return order;
    }

    /** {@link #ship}, then waits until the batch names the order among those it reached. */
    private UUID shipped(Fixture fixture, String token, List<String> serials) {
        var order = ship(fixture, serials);
        await().atMost(WAIT).until(() -> http().get("/api/batches/" + fixture.batch() + "/orders", token)
                .body()
                .contains(order.toString()));
        return order;
    }

    /** The first BatchRecalled of a batch on the batches' topic. */
    private BatchRecalled firstRecalled(UUID batch) {
        return kafka
                .await(
                        Topics.TRACE_BATCHES,
                        r -> batch.toString().equals(r.key()) && r.value().contains("orderIds"),
                        1,
                        WAIT)
                .stream()
                .map(r -> EventCodec.read(KafkaRecords.header(r, CloudEventHeaders.TYPE), r.value()))
                .filter(BatchRecalled.class::isInstance)
                .map(BatchRecalled.class::cast)
                .findFirst()
                .orElseThrow();
    }

    private Fixture fixture(String lot, int packages) {
        return fixtures().fixture(lot, packages);
    }

    private TraceFixtures fixtures() {
        return new TraceFixtures(port, products, kafka);
    }

    private static String gtin() {
        return TraceFixtures.gtin();
    }

    private Http http() {
        return new Http(port);
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private HttpResponse<String> get(String path, String accept, String origin) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base() + path)).header("Accept", accept);
        if (origin != null) {
            request.header("Origin", origin);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
