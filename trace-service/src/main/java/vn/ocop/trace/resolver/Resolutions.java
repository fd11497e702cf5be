package vn.ocop.trace.resolver;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import vn.ocop.trace.TraceChanges;
import vn.ocop.trace.TraceProperties;
import vn.ocop.trace.batch.Batches;

/**
 * Finds what a Digital Link names, from this service's own records and copies only (never a call
 * to another service while a consumer waits), and counts each scan of a package. What a scan shows
 * of a product and its lot is cached for a moment and dropped at once when this instance changes it.
 */
@Service
public class Resolutions {

    /** How long a cached record may be shown before it is read again, whatever happened elsewhere. */
    private static final Duration FRESH_FOR = Duration.ofSeconds(2);

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TraceProperties properties;
    private final Clock clock;
    private final TraceChanges changes;
    private final ScanLog scans;
    private final ConcurrentHashMap<Key, Entry> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PackageOf> packages = new ConcurrentHashMap<>();

    Resolutions(
            JdbcClient jdbc,
            JsonMapper json,
            TraceProperties properties,
            Clock clock,
            TraceChanges changes,
            ScanLog scans) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
        this.changes = changes;
        this.scans = scans;
    }

    /** How a client reached the code, in coarse terms only. */
    public record Scan(String clientKind, String language) {}

    /** What a scan shows of a product (and of one of its lots): everything but the package's own scans. */
    private record Entry(Optional<TraceRecord> record, long generation, long loadedAtNanos) {}

    private record Key(String gtin, UUID batch) {}

    /** Which batch a serial belongs to, and its lot and product: fixed once the package exists. */
    private record PackageOf(UUID batchId, UUID productId, String lot) {}

    /**
     * The record a link names, or empty when nothing is registered under it. A package's scan is
     * counted (and logged) when {@code scan} is given.
     */
    public Optional<TraceRecord> resolve(DigitalLink link, Optional<Scan> scan) {
        if (link.cpv().isPresent() || link.tpx().isPresent()) {
            return Optional.empty(); // the platform issues neither
        }
        var product = cached(new Key(link.gtin(), null));
        if (product.isEmpty()) {
            return Optional.empty();
        }
        var productId = product.get().product().id();
        UUID batchId = null;
        if (link.serial().isPresent()) {
            var owner = packageOf(link.serial().get());
            if (owner.isEmpty()
                    || !owner.get().productId().equals(productId)
                    || (link.lot().isPresent()
                            && !link.lot().get().equals(owner.get().lot()))) {
                return Optional.empty();
            }
            batchId = owner.get().batchId();
        } else if (link.lot().isPresent()) {
            batchId = batchOf(productId, link.lot().get()).orElse(null);
            if (batchId == null) {
                return Optional.empty();
            }
        }
        var base = batchId == null
                ? product.get()
                : cached(new Key(link.gtin(), batchId)).orElseThrow();
        TraceRecord.PackageFacts facts = null;
        if (link.serial().isPresent()) {
            var serial = link.serial().get();
            var count = scan.isPresent() ? scans.scan(serial, scan.get()) : scans.peek(serial);
            facts = new TraceRecord.PackageFacts(
                    serial, count.scans(), count.firstScanAt(), count.scans() > properties.cloneWarningScans());
        }
        return Optional.of(new TraceRecord(
                link.canonical(properties.resolverBase()), base.product(), base.producer(), base.batch(), facts));
    }

    private Optional<TraceRecord> cached(Key key) {
        long generation = changes.generation();
        var entry = cache.get(key);
        if (entry != null
                && entry.generation() == generation
                && System.nanoTime() - entry.loadedAtNanos() < FRESH_FOR.toNanos()) {
            return entry.record();
        }
        var record = load(key);
        if (record.isPresent()) { // unknown codes are not remembered: probing them fills nothing
            if (cache.size() > 10_000) {
                cache.clear();
            }
            cache.put(key, new Entry(record, generation, System.nanoTime()));
        }
        return record;
    }

    private Optional<TraceRecord> load(Key key) {
        var product = jdbc.sql(
                        """
                        select p.id, p.name, p.gtin, p.stars, p.thumbnail_key, p.producer_id, pr.name as producer_name,
                               pr.kind, pr.province, pr.commune, pr.legacy_district
                        from product_copy p left join producer_copy pr on pr.id = p.producer_id where p.gtin = ?
                        order by p.listed desc, p.updated_at desc limit 1
                        """)
                .param(key.gtin())
                .query((rs, row) -> new TraceRecord(
                        null,
                        new TraceRecord.Product(
                                rs.getObject("id", UUID.class),
                                rs.getString("name"),
                                rs.getString("gtin"),
                                (Integer) rs.getObject("stars"),
                                // The catalogue's thumbnail link answers 404 for a product without a photo.
                                rs.getString("thumbnail_key") == null
                                        ? null
                                        : properties.productPhotoUrl(rs.getObject("id", UUID.class)),
                                properties.storefrontProductUrl(rs.getObject("id", UUID.class))),
                        new TraceRecord.Producer(
                                rs.getString("producer_name"),
                                rs.getString("kind"),
                                rs.getString("province"),
                                rs.getString("commune"),
                                rs.getString("legacy_district")),
                        null,
                        null))
                .optional();
        if (product.isEmpty() || key.batch() == null) {
            return product;
        }
        return Optional.of(
                new TraceRecord(null, product.get().product(), product.get().producer(), batch(key.batch()), null));
    }

    private Optional<PackageOf> packageOf(String serial) {
        var known = packages.get(serial);
        if (known != null) {
            return Optional.of(known);
        }
        var found = jdbc.sql(
                        "select b.id, b.product_id, b.lot from package k join batch b on b.id = k.batch_id where k.serial = ?")
                .param(serial)
                .query((rs, row) ->
                        new PackageOf(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)))
                .optional();
        found.ifPresent(owner -> {
            if (packages.size() > 100_000) {
                packages.clear();
            }
            packages.put(serial, owner);
        });
        return found;
    }

    private Optional<UUID> batchOf(UUID product, String lot) {
        return jdbc.sql("select id from batch where product_id = ? and lot = ?")
                .params(product, lot)
                .query(UUID.class)
                .optional();
    }

    private TraceRecord.Batch batch(UUID id) {
        var today = LocalDate.now(clock.withZone(Batches.VIETNAM));
        var events = events(id);
        var inputBatches = jdbc.sql(
                        """
                        select p.name, b.lot, b.province, b.commune from batch_input i join batch b on b.id = i.input_batch_id
                        join product_copy p on p.id = b.product_id where i.batch_id = ? order by b.lot
                        """)
                .param(id)
                .query(Resolutions::inputBatch)
                .list();
        var recalledVia = jdbc.sql(
                        """
                        select p.name, v.lot, v.province, v.commune from batch b join batch v on v.id = b.recalled_via
                        join product_copy p on p.id = v.product_id where b.id = ?
                        """)
                .param(id)
                .query(Resolutions::inputBatch)
                .optional()
                .orElse(null);
        var documents = jdbc.sql(
                        "select id, kind, title, content_type from batch_document where batch_id = ? order by uploaded_at, id")
                .param(id)
                .query((rs, row) -> new TraceRecord.Document(
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        properties.resolverBase() + "/api/batches/" + id + "/documents/" + rs.getObject(1, UUID.class)))
                .list();
        return jdbc.sql("select * from batch where id = ?")
                .param(id)
                .query((rs, row) -> {
                    var expires = rs.getDate("expires_on").toLocalDate();
                    var recalledAt = rs.getTimestamp("recalled_at");
                    return new TraceRecord.Batch(
                            id,
                            rs.getString("lot"),
                            rs.getDate("produced_on").toLocalDate(),
                            expires,
                            expires.isBefore(today),
                            new TraceRecord.Origin(
                                    rs.getString("origin_name"),
                                    rs.getString("province"),
                                    rs.getString("commune"),
                                    rs.getObject("latitude", Double.class),
                                    rs.getObject("longitude", Double.class),
                                    rs.getObject("area_hectares", Double.class)),
                            json.readValue(rs.getString("certifications"), CERTIFICATIONS),
                            json.readValue(rs.getString("inputs"), INPUTS),
                            inputBatches,
                            events,
                            documents,
                            recalledAt == null
                                    ? null
                                    : new TraceRecord.Recall(
                                            recalledAt.toInstant(), rs.getString("recall_reason"), recalledVia));
                })
                .single();
    }

    private static TraceRecord.InputBatch inputBatch(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new TraceRecord.InputBatch(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
    }

    /** The batch's timeline: a corrected event is replaced by its latest correction. */
    List<TraceRecord.Event> events(UUID batchId) {
        return jdbc.sql(
                        """
                        select e.* from trace_event e
                        where e.batch_id = ? and not exists (select 1 from trace_event c where c.corrects = e.id)
                        order by e.event_time, e.recorded_at
                        """)
                .param(batchId)
                .query((rs, row) -> new TraceRecord.Event(
                        rs.getObject("id", UUID.class),
                        rs.getString("event_type"),
                        rs.getString("biz_step"),
                        rs.getString("disposition"),
                        rs.getTimestamp("event_time").toInstant(),
                        rs.getString("event_time_offset"),
                        rs.getString("read_point"),
                        rs.getString("biz_location"),
                        rs.getString("who"),
                        rs.getString("notes"),
                        rs.getObject("corrects") != null))
                .list();
    }

    private static final TypeReference<List<TraceRecord.Certification>> CERTIFICATIONS = new TypeReference<>() {};
    private static final TypeReference<List<TraceRecord.Input>> INPUTS = new TypeReference<>() {};

    private record Found(TraceRecord.Product product, TraceRecord.Producer producer) {}
}
