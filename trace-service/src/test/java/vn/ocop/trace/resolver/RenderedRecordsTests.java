package vn.ocop.trace.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The resolver's rendered-once answers must be exactly what rendering the whole record would give,
 * with each scan's own facts filled in, and must be rendered afresh once the record changes.
 * Invented sample data.
 */
class RenderedRecordsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String URI = "https://id.ocop.test/01/08930000010018/10/MAU-1/21/7QK2M9XD4WBT6RZC8HNA";

    private final RenderedRecords rendered = new RenderedRecords(JSON);

    private final TraceRecord.Product product = new TraceRecord.Product(
            UUID.fromString("6f1c1b1e-0000-4000-8000-000000000001"),
            "Trà hoa vàng Ba Chẽ (sample data)",
            "08930000010018",
            4,
            "https://shop.ocop.test/p/1/thumbnail",
            "https://shop.ocop.test/p/1");
    private final TraceRecord.Producer producer =
            new TraceRecord.Producer("HTX Trà hoa vàng (sample data)", "COOPERATIVE", "Quảng Ninh", "xã Ba Chẽ", null);
    private final TraceRecord.Batch batch = new TraceRecord.Batch(
            UUID.fromString("6f1c1b1e-0000-4000-8000-000000000002"),
            "MAU-1",
            LocalDate.of(2026, 2, 10),
            LocalDate.of(2027, 2, 10),
            false,
            new TraceRecord.Origin("Đồi trà <Làng Mới>", "Quảng Ninh", "xã Ba Chẽ", 21.27, 107.29, 1.5),
            List.of(new TraceRecord.Certification("VietGAP", "VG-01")),
            List.of(new TraceRecord.Input("Hoa trà", null)),
            List.of(),
            List.of(new TraceRecord.Event(
                    UUID.fromString("6f1c1b1e-0000-4000-8000-000000000003"),
                    "ObjectEvent",
                    "commissioning",
                    "active",
                    Instant.parse("2026-02-09T23:30:00Z"),
                    "+07:00",
                    null,
                    "Đồi trà",
                    "HTX",
                    "Hái hoa",
                    false)),
            List.of(),
            null);

    private TraceRecord scan(long count, Instant first, boolean cloneWarning) {
        return new TraceRecord(
                URI,
                product,
                producer,
                batch,
                new TraceRecord.PackageFacts("7QK2M9XD4WBT6RZC8HNA", count, first, cloneWarning));
    }

    @Test
    void jsonIsByteForByteWhatTheMapperWritesForEveryScan() {
        var first = Instant.parse("2026-03-01T01:02:03.456789Z");
        for (var record : List.of(
                scan(1, first, false),
                scan(2, first, false),
                scan(99, first, true),
                scan(1, null, false),
                new TraceRecord(URI, product, producer, batch, null),
                new TraceRecord("https://id.ocop.test/01/08930000010018", product, producer, null, null))) {
            assertThat(new String(concat(rendered.json(record).body()), StandardCharsets.UTF_8))
                    .isEqualTo(JSON.writeValueAsString(record));
        }
    }

    @Test
    void packageFactsWrittenByHandMatchTheMapperWhateverTheSerialHolds() {
        for (var facts : List.of(
                new TraceRecord.PackageFacts("A\"B/C%D'E", 3, Instant.parse("2026-03-01T00:00:00Z"), false),
                new TraceRecord.PackageFacts("X", 0, null, false),
                new TraceRecord.PackageFacts("Y", Long.MAX_VALUE, Instant.parse("2026-03-01T00:00:00.100Z"), true))) {
            assertThat(new String(RenderedRecords.factsJson(facts), StandardCharsets.UTF_8))
                    .isEqualTo(JSON.writeValueAsString(facts));
        }
    }

    @Test
    void thePageCarriesEachScansOwnCountAndWarningInTheirPlaces() {
        var quiet = html(scan(3, Instant.parse("2026-03-01T01:00:00Z"), false), false);
        var copied = html(scan(25, Instant.parse("2026-03-01T01:00:00Z"), true), false);

        assertThat(quiet).contains("<dt>Số lần quét</dt><dd>3</dd>").doesNotContain("clone-warning");
        assertThat(quiet).contains("<dt>Quét lần đầu</dt><dd>08:00 01/03/2026</dd>");
        assertThat(copied)
                .contains("<dt>Số lần quét</dt><dd>25</dd>")
                .contains("id=\"clone-warning\">Cảnh báo: mã này đã được quét 25 lần.");
        // The warning comes before the photo and the package card after the stars, as the page is laid out.
        assertThat(copied.indexOf("clone-warning")).isLessThan(copied.indexOf("<img"));
        assertThat(copied.indexOf("class=\"stars\"")).isLessThan(copied.indexOf("id=\"package\""));
        assertThat(copied.indexOf("id=\"package\"")).isLessThan(copied.indexOf("<h2>Nhà sản xuất</h2>"));
        // The rest of the page is the same for both scans.
        assertThat(quiet.replaceAll("<div class=\"card ok\" id=\"package\">.*?</div>", ""))
                .isEqualTo(copied.replaceAll("<div class=\"warn\".*?</div>", "")
                        .replaceAll("<div class=\"card ok\" id=\"package\">.*?</div>", ""));
        assertThat(quiet).contains("Đồi trà &lt;Làng Mới&gt;");
        assertThat(html(scan(3, null, false), true))
                .contains("<dt>Times scanned</dt><dd>3</dd>")
                .doesNotContain("First scanned");
    }

    @Test
    void aChangedRecordIsRenderedAfreshNotServedFromWhatWasRendered() {
        var before = html(scan(1, null, false), false);
        var renamed = new TraceRecord.Product(
                product.id(),
                "Trà hoa vàng túi lọc (sample data)",
                product.gtin(),
                5,
                product.photoUrl(),
                product.storefrontUrl());
        var after = new String(
                concat(rendered.html(
                                new TraceRecord(
                                        URI,
                                        renamed,
                                        producer,
                                        batch,
                                        scan(2, null, false).packageFacts()),
                                false,
                                "/01/08930000010018/10/MAU-1/21/7QK2M9XD4WBT6RZC8HNA")
                        .body()),
                StandardCharsets.UTF_8);

        assertThat(before).contains("<h1>Trà hoa vàng Ba Chẽ (sample data)</h1>");
        assertThat(after)
                .contains("<h1>Trà hoa vàng túi lọc (sample data)</h1>")
                .contains("OCOP 5 sao");
    }

    @Test
    void theControllersWholePageIsTheFastPathsPage() {
        var record = scan(7, Instant.parse("2026-03-01T01:00:00Z"), true);
        var path = "/01/08930000010018/10/MAU-1/21/7QK2M9XD4WBT6RZC8HNA";

        assertThat(TracePage.render(record, false, path)).isEqualTo(html(record, false));
    }

    private String html(TraceRecord record, boolean english) {
        var answer = rendered.html(record, english, "/01/08930000010018/10/MAU-1/21/7QK2M9XD4WBT6RZC8HNA");
        var page = concat(answer.body());
        assertThat(page).hasSize(answer.length());
        return new String(page, StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[][] parts) {
        var out = new ByteArrayOutputStream();
        for (var part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
