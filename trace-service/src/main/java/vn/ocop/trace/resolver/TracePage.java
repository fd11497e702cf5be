package vn.ocop.trace.resolver;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import vn.ocop.trace.batch.Batches;

/**
 * The page a phone shows after scanning a package: Vietnamese first, English on request; plain
 * HTML and a little CSS (no script), readable on a 360-pixel screen.
 */
final class TracePage {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("HH:mm dd/MM/yyyy");

    private static final String CSS =
            """
            *{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;\
            color:#1d2421;background:#f4f6f2}main{max-width:640px;margin:0 auto;padding:12px}\
            h1{font-size:1.35rem;margin:.3rem 0}h2{font-size:1.05rem;margin:1.1rem 0 .4rem;color:#2f5d3a}\
            img{width:100%;max-height:300px;object-fit:cover;border-radius:8px;background:#dde3da}\
            .stars{color:#b7791f;font-weight:600}.card{background:#fff;border-radius:10px;padding:10px 12px;margin:10px 0;\
            box-shadow:0 1px 2px #0002}.ok{border-left:6px solid #2f855a}.alert{background:#c53030;color:#fff;\
            padding:12px;border-radius:10px;font-weight:600;margin:10px 0}.warn{background:#fefcbf;border-left:6px solid \
            #b7791f;padding:10px 12px;border-radius:10px;margin:10px 0}dl{margin:0;display:grid;grid-template-columns:\
            auto 1fr;gap:2px 10px}dt{color:#55605a}dd{margin:0;overflow-wrap:anywhere}ol,ul{padding-left:1.2rem;margin:0}\
            li{margin:.35rem 0}small{color:#55605a}nav{text-align:right}a{color:#2b6cb0}footer{color:#55605a;\
            font-size:.85rem;margin:1.5rem 0}\
            """;

    private static final Map<String, String[]> STEPS = Map.ofEntries(
            Map.entry("commissioning", new String[] {"Thu hoạch / sản xuất", "Harvest / production"}),
            Map.entry("inspecting", new String[] {"Kiểm tra chất lượng", "Quality inspection"}),
            Map.entry("packing", new String[] {"Đóng gói", "Packing"}),
            Map.entry("storing", new String[] {"Lưu kho", "Storage"}),
            Map.entry("shipping", new String[] {"Xuất hàng", "Shipping"}),
            Map.entry("receiving", new String[] {"Nhận hàng", "Receiving"}),
            Map.entry("transporting", new String[] {"Vận chuyển", "Transport"}),
            Map.entry("sampling", new String[] {"Lấy mẫu kiểm nghiệm", "Sampling"}),
            Map.entry("retail_selling", new String[] {"Bán lẻ", "Retail sale"}),
            Map.entry("processing", new String[] {"Chế biến", "Processing"})); // recorded before CBV was checked

    /** A TransformationEvent makes something of its inputs, whatever its step: processing, to a reader. */
    private static final String[] TRANSFORMATION = {"Chế biến", "Processing"};

    /** The CBV dispositions a shopper must see on the timeline: goods that may not be sold, or failed a check. */
    private static final Map<String, String[]> NOT_FOR_SALE = Map.of(
            "recalled", new String[] {"Thu hồi", "Recalled"},
            "destroyed", new String[] {"Đã tiêu hủy", "Destroyed"},
            "disposed", new String[] {"Đã loại bỏ", "Disposed of"},
            "expired", new String[] {"Hết hạn", "Expired"},
            "stolen", new String[] {"Bị mất cắp", "Stolen"},
            "damaged", new String[] {"Hư hỏng", "Damaged"},
            "non_sellable_other", new String[] {"Không được bán", "Not for sale"},
            "non_conformant", new String[] {"Không đạt yêu cầu", "Not conformant"});

    private static final Map<String, String[]> DOCUMENT_KINDS = Map.of(
            "LAB_RESULT", new String[] {"Kết quả kiểm nghiệm", "Lab result"},
            "PHOTO", new String[] {"Hình ảnh", "Photo"},
            "CERTIFICATE", new String[] {"Giấy chứng nhận", "Certificate"},
            "OTHER", new String[] {"Tài liệu khác", "Other document"});

    private final boolean english;
    private final StringBuilder html;
    private int warningAt;
    private int packageAt;

    private TracePage(boolean english, int capacity) {
        this.english = english;
        this.html = new StringBuilder(capacity);
    }

    static String render(TraceRecord record, boolean english, String selfPath) {
        return new String(template(record, english, selfPath).fill(record.packageFacts()), StandardCharsets.UTF_8);
    }

    /**
     * The page without the package's own facts (its scan count and any copied-label warning), which
     * change with every scan, split where they go. The rest is the same for every scan of the package
     * until its product or batch changes, so the resolver renders it once and fills in the facts.
     */
    static Template template(TraceRecord record, boolean english, String selfPath) {
        var page = new TracePage(english, 8_192);
        page.page(new TraceRecord(record.uri(), record.product(), record.producer(), record.batch(), null), selfPath);
        var html = page.html.toString();
        return new Template(
                english,
                html.substring(0, page.warningAt).getBytes(StandardCharsets.UTF_8),
                html.substring(page.warningAt, page.packageAt).getBytes(StandardCharsets.UTF_8),
                html.substring(page.packageAt).getBytes(StandardCharsets.UTF_8));
    }

    /** A rendered page with two gaps: the copied-label warning's and the package card's. */
    record Template(boolean english, byte[] top, byte[] middle, byte[] bottom) {

        /** The whole page for a package with these facts, or for a lot or product when null. */
        byte[] fill(TraceRecord.PackageFacts facts) {
            var parts = parts(facts);
            var page = new byte[length(parts)];
            int at = 0;
            for (var part : parts) {
                System.arraycopy(part, 0, page, at, part.length);
                at += part.length;
            }
            return page;
        }

        /** The page in the parts it is written out as, without copying the fixed ones. */
        byte[][] parts(TraceRecord.PackageFacts facts) {
            if (facts == null) {
                return new byte[][] {top, middle, bottom};
            }
            var text = english ? FactsText.ENGLISH : FactsText.VIETNAMESE;
            var count = Long.toString(facts.scanCount()).getBytes(StandardCharsets.US_ASCII);
            var warning = new ByteArrayOutputStream(256);
            if (facts.cloneWarning()) {
                warning.writeBytes(text.warningStart());
                warning.writeBytes(count);
                warning.writeBytes(text.warningEnd());
            }
            var card = new ByteArrayOutputStream(512);
            card.writeBytes(text.cardStart());
            card.writeBytes(esc(facts.serial()).getBytes(StandardCharsets.UTF_8));
            card.writeBytes(text.count());
            card.writeBytes(count);
            if (facts.firstScanAt() != null) {
                card.writeBytes(text.firstScan());
                card.writeBytes(moment(facts.firstScanAt(), null).getBytes(StandardCharsets.UTF_8));
            }
            card.writeBytes(text.cardEnd());
            return new byte[][] {top, warning.toByteArray(), middle, card.toByteArray(), bottom};
        }

        static int length(byte[][] parts) {
            int length = 0;
            for (var part : parts) {
                length += part.length;
            }
            return length;
        }
    }

    /** The fixed text around a package's facts, in one language, encoded once. */
    private record FactsText(
            byte[] warningStart, byte[] warningEnd, byte[] cardStart, byte[] count, byte[] firstScan, byte[] cardEnd) {

        static final FactsText VIETNAMESE = of(new TracePage(false, 512));
        static final FactsText ENGLISH = of(new TracePage(true, 512));

        private static FactsText of(TracePage page) {
            return new FactsText(
                    utf8("<div class=\"warn\" role=\"alert\" id=\"clone-warning\">"
                            + page.t("Cảnh báo: mã này đã được quét ", "Warning: this code has been scanned ")),
                    utf8(page.t(
                                    " lần. Nhãn có thể đã bị sao chép; hãy mua từ nơi bán tin cậy.",
                                    " times. The label may have been copied; buy from a trusted seller.")
                            + "</div>"),
                    utf8("<div class=\"card ok\" id=\"package\"><strong>"
                            + page.t("Mã đã được đăng ký bởi nhà sản xuất", "This code was registered by the producer")
                            + "</strong><dl><dt>" + page.t("Số sê-ri", "Serial") + "</dt><dd>"),
                    utf8("</dd><dt>" + page.t("Số lần quét", "Times scanned") + "</dt><dd>"),
                    utf8("</dd><dt>" + page.t("Quét lần đầu", "First scanned") + "</dt><dd>"),
                    utf8("</dd></dl></div>"));
        }

        private static byte[] utf8(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    private String t(String vietnamese, String englishText) {
        return english ? englishText : vietnamese;
    }

    private String page(TraceRecord r, String selfPath) {
        var product = r.product();
        html.append("<!doctype html><html lang=\"")
                .append(english ? "en" : "vi")
                .append(
                        "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<title>")
                .append(esc(product.name()))
                .append(" – ")
                .append(t("Truy xuất nguồn gốc OCOP", "OCOP traceability"))
                .append("</title><style>")
                .append(CSS)
                .append("</style></head><body><main>");
        html.append("<nav><a href=\"")
                .append(esc(selfPath + (english ? "" : "?lang=en")))
                .append("\" hreflang=\"")
                .append(english ? "vi" : "en")
                .append("\">")
                .append(english ? "Tiếng Việt" : "English")
                .append("</a></nav>");
        var batch = r.batch();
        if (batch != null && batch.recall() != null) {
            var madeFrom = batch.recall().madeFrom();
            html.append("<div class=\"alert\" role=\"alert\" id=\"recall\">")
                    .append(t(
                            "THU HỒI: lô hàng này đã bị thu hồi. Không sử dụng sản phẩm. ",
                            "RECALLED: this batch has been recalled. Do not use the product. "));
            if (madeFrom != null) {
                html.append(t(
                                "Lô này được làm từ một lô nguyên liệu đã bị thu hồi: ",
                                "It was made from an ingredient batch that has been recalled: "))
                        .append(esc(madeFrom.productName()))
                        .append(t(", lô ", ", lot "))
                        .append(esc(madeFrom.lot()))
                        .append(". ");
            }
            html.append(t("Lý do: ", "Reason: "))
                    .append(esc(batch.recall().reason()))
                    .append("</div>");
        }
        warningAt = html.length(); // the copied-label warning goes here
        if (product.photoUrl() != null) {
            html.append("<img src=\"")
                    .append(esc(product.photoUrl()))
                    .append("\" alt=\"")
                    .append(esc(product.name()))
                    .append("\" width=\"640\" height=\"300\">");
        }
        html.append("<h1>").append(esc(product.name())).append("</h1>");
        if (product.stars() != null) {
            html.append("<div class=\"stars\">")
                    .append("★".repeat(product.stars()))
                    .append("☆".repeat(Math.max(0, 5 - product.stars())))
                    .append(" OCOP ")
                    .append(product.stars())
                    .append(t(" sao", product.stars() == 1 ? " star" : " stars"))
                    .append("</div>");
        }
        packageAt = html.length(); // and the package card here
        var producer = r.producer();
        html.append("<h2>").append(t("Nhà sản xuất", "Producer")).append("</h2><div class=\"card\"><dl>");
        item(t("Tên", "Name"), producer.name());
        item(t("Địa chỉ", "Address"), place(producer.commune(), producer.province()));
        if (producer.legacyDistrict() != null) {
            item(t("Huyện (cũ)", "Former district"), producer.legacyDistrict());
        }
        html.append("</dl></div>");
        if (batch != null) {
            html.append("<h2>").append(t("Lô hàng", "Batch")).append("</h2><div class=\"card\"><dl>");
            item(t("Số lô", "Lot"), batch.lot());
            item(t("Ngày sản xuất", "Produced on"), day(batch.producedOn()));
            item(
                    t("Hạn sử dụng", "Use by"),
                    day(batch.expiresOn()) + (batch.expired() ? t(" (đã hết hạn)", " (expired)") : ""));
            var origin = batch.origin();
            item(t("Vùng nguyên liệu", "Origin"), origin.name() + ", " + place(origin.commune(), origin.province()));
            if (origin.areaHectares() != null) {
                item(t("Diện tích", "Area"), origin.areaHectares() + " ha");
            }
            if (origin.latitude() != null && origin.longitude() != null) {
                item(t("Toạ độ", "Coordinates"), origin.latitude() + ", " + origin.longitude());
            }
            for (var certification : batch.certifications()) {
                item(t("Chứng nhận", "Certification"), certification.scheme() + " " + certification.number());
            }
            for (var input : batch.inputs()) {
                item(t("Nguyên liệu", "Input"), input.name() + (input.note() == null ? "" : " – " + input.note()));
            }
            for (var input : batch.inputBatches()) {
                item(
                        t("Từ lô", "Made from lot"),
                        input.productName() + " – " + input.lot() + ", " + place(input.commune(), input.province()));
            }
            html.append("</dl></div>");
            if (!batch.documents().isEmpty()) {
                html.append("<h2>")
                        .append(t("Tài liệu", "Documents"))
                        .append("</h2><div class=\"card\"><ul id=\"documents\">");
                for (var document : batch.documents()) {
                    var kind = DOCUMENT_KINDS.getOrDefault(document.kind(), DOCUMENT_KINDS.get("OTHER"));
                    html.append("<li><a href=\"")
                            .append(esc(document.url()))
                            .append("\">")
                            .append(esc(document.title()))
                            .append("</a> <small>")
                            .append(esc(kind[english ? 1 : 0]))
                            .append("</small></li>");
                }
                html.append("</ul></div>");
            }
            if (!batch.events().isEmpty()) {
                html.append("<h2>")
                        .append(t("Hành trình", "Journey"))
                        .append("</h2><div class=\"card\"><ol id=\"timeline\">");
                for (var event : batch.events()) {
                    var step = "TransformationEvent".equals(event.eventType())
                            ? TRANSFORMATION
                            : STEPS.get(event.bizStep());
                    html.append("<li><strong>")
                            .append(esc(step == null ? event.bizStep() : step[english ? 1 : 0]))
                            .append("</strong>");
                    var disposition = event.disposition() == null ? null : NOT_FOR_SALE.get(event.disposition());
                    if (disposition != null) {
                        html.append(" – <strong class=\"disposition\">")
                                .append(disposition[english ? 1 : 0])
                                .append("</strong>");
                    }
                    html.append(" <small>")
                            .append(moment(event.eventTime(), event.eventTimeOffset()))
                            .append("</small>");
                    if (event.bizLocation() != null) {
                        html.append("<br>").append(esc(event.bizLocation()));
                    }
                    if (event.who() != null) {
                        html.append("<br><small>").append(esc(event.who())).append("</small>");
                    }
                    if (event.notes() != null) {
                        html.append("<br>").append(esc(event.notes()));
                    }
                    if (event.corrected()) {
                        html.append(" <small>")
                                .append(t("(đã đính chính)", "(corrected)"))
                                .append("</small>");
                    }
                    html.append("</li>");
                }
                html.append("</ol></div>");
            }
        }
        html.append("<footer>")
                .append(t(
                        "Thông tin do chủ thể OCOP khai báo, nền tảng OCOP lưu giữ. Mã GS1 Digital Link: ",
                        "Declared by the OCOP producer, kept by the OCOP platform. GS1 Digital Link: "))
                .append(esc(r.uri()))
                .append("</footer></main></body></html>");
        return html.toString();
    }

    private void item(String term, String value) {
        html.append("<dt>")
                .append(esc(term))
                .append("</dt><dd>")
                .append(esc(value))
                .append("</dd>");
    }

    private String place(String commune, String province) {
        return commune + ", " + province;
    }

    private static String day(LocalDate date) {
        return DAY.format(date);
    }

    /** An event's time at its own offset; anything else in Vietnam time. */
    private static String moment(Instant instant, String offset) {
        var zone = offset == null ? Batches.VIETNAM : ZoneOffset.of(offset);
        return MOMENT.format(instant.atZone(zone)) + (offset == null ? "" : " (UTC" + offset + ")");
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        var out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
