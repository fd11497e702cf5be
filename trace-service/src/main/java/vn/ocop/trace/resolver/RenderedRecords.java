package vn.ocop.trace.resolver;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The resolver's answers rendered once and reused: everything in a scan's page or JSON record but
 * the package's own facts (its scan count, first scan and copied-label warning) is the same for
 * every scan until the product, producer or batch changes. A rendering is reused only while
 * {@link Resolutions} still hands out the very same product and batch objects it was made from, so a
 * change that reloads them renders afresh.
 */
final class RenderedRecords {

    private static final int MAX_ENTRIES = 10_000;
    private static final byte[] END = {'}'};
    private static final byte[] NULL_END = "null}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_FACTS_END = ",\"packageFacts\":null}".getBytes(StandardCharsets.UTF_8);

    private final ObjectWriter records;
    private final ObjectWriter facts;
    private final boolean factsByHand;
    private final ConcurrentHashMap<Key, Rendered> rendered = new ConcurrentHashMap<>();

    RenderedRecords(JsonMapper json) {
        this.records = json.writerFor(TraceRecord.class);
        this.facts = json.writerFor(TraceRecord.PackageFacts.class);
        var probe =
                new TraceRecord.PackageFacts("PROBE\"1", 21, java.time.Instant.parse("2026-01-02T03:04:05.678Z"), true);
        this.factsByHand = Arrays.equals(factsJson(probe), facts.writeValueAsBytes(probe));
    }

    /**
     * A package's facts as JSON, written directly: the four members of every scan, which Jackson
     * would take longer to write than the rest of the answer. Used only when it gives exactly what
     * the mapper gives (checked once, at start).
     */
    static byte[] factsJson(TraceRecord.PackageFacts facts) {
        var json = new StringBuilder(128).append("{\"serial\":\"");
        var serial = facts.serial();
        for (int i = 0; i < serial.length(); i++) {
            char c = serial.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\');
            }
            json.append(c);
        }
        json.append("\",\"scanCount\":").append(facts.scanCount()).append(",\"firstScanAt\":");
        if (facts.firstScanAt() == null) {
            json.append("null");
        } else {
            json.append('"').append(facts.firstScanAt()).append('"');
        }
        return json.append(",\"cloneWarning\":")
                .append(facts.cloneWarning())
                .append('}')
                .toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    private record Key(String uri, String selfPath, boolean html, boolean english) {}

    /** A rendering, its Link headers, and the objects they were made from. */
    private record Rendered(
            TraceRecord.Product product, TraceRecord.Batch batch, Object form, String linksetLink, String pipLink) {}

    /** A response body in the parts it is written out as, and the Link headers that go with it. */
    record Answer(byte[][] body, String linksetLink, String pipLink) {

        int length() {
            return TracePage.Template.length(body);
        }
    }

    /** The record as JSON, exactly as Jackson writes the whole record, in the parts it is written out as. */
    Answer json(TraceRecord record) {
        var rendered = rendered(new Key(record.uri(), null, false, false), record, () -> jsonHead(record));
        var head = (byte[]) rendered.form();
        byte[][] body;
        if (head == null) { // the mapper writes null members differently; no shortcut then
            body = new byte[][] {records.writeValueAsBytes(record)};
        } else if (record.packageFacts() == null) {
            body = new byte[][] {head, NULL_END};
        } else {
            var packageFacts = record.packageFacts();
            body = new byte[][] {
                head, factsByHand ? factsJson(packageFacts) : facts.writeValueAsBytes(packageFacts), END
            };
        }
        return new Answer(body, rendered.linksetLink(), rendered.pipLink());
    }

    /**
     * The page in the language asked for, in the parts it is written out as; {@code selfPath} is
     * the path the page links its other language to.
     */
    Answer html(TraceRecord record, boolean english, String selfPath) {
        var rendered = rendered(
                new Key(record.uri(), selfPath, true, english),
                record,
                () -> TracePage.template(record, english, selfPath));
        var template = (TracePage.Template) rendered.form();
        return new Answer(template.parts(record.packageFacts()), rendered.linksetLink(), rendered.pipLink());
    }

    /** The JSON of the record without its package facts, cut just before their value; null if it cannot be. */
    private byte[] jsonHead(TraceRecord record) {
        var bare = records.writeValueAsBytes(
                new TraceRecord(record.uri(), record.product(), record.producer(), record.batch(), null));
        int cut = bare.length - NULL_FACTS_END.length;
        if (cut < 0 || !Arrays.equals(bare, cut, bare.length, NULL_FACTS_END, 0, NULL_FACTS_END.length)) {
            return null;
        }
        // keep ,"packageFacts": and drop null}
        return Arrays.copyOf(bare, bare.length - 5);
    }

    private Rendered rendered(Key key, TraceRecord record, Supplier<Object> render) {
        var known = rendered.get(key);
        if (known != null && known.product() == record.product() && known.batch() == record.batch()) {
            return known;
        }
        var fresh = new Rendered(
                record.product(), record.batch(), render.get(), Scans.linksetLink(record), Scans.pipLink(record));
        if (rendered.size() >= MAX_ENTRIES) {
            rendered.clear();
        }
        rendered.put(key, fresh);
        return fresh;
    }
}
