package vn.ocop.trace.resolver;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import vn.ocop.trace.TraceProperties;

/**
 * Finds what a Digital Link names, from this service's own records and copies only (never a call
 * to another service while a consumer waits), and logs each scan of a package.
 */
@Service
public class Resolutions {

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TraceProperties properties;
    private final Clock clock;

    Resolutions(JdbcClient jdbc, JsonMapper json, TraceProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    /** How a client reached the code, in coarse terms only. */
    public record Scan(String clientKind, String language) {}

    /**
     * The record a link names, or empty when nothing is registered under it. A package's scan is
     * counted (and logged) when {@code scan} is given.
     */
    @Transactional
    public Optional<TraceRecord> resolve(DigitalLink link, Optional<Scan> scan) {
        if (link.cpv().isPresent() || link.tpx().isPresent()) {
            return Optional.empty(); // the platform issues neither
        }
        var product = jdbc.sql(
                        """
                        select p.id, p.name, p.gtin, p.stars, p.producer_id, pr.name as producer_name, pr.kind, pr.province,
                               pr.commune, pr.legacy_district
                        from product_copy p left join producer_copy pr on pr.id = p.producer_id where p.gtin = ?
                        order by p.listed desc, p.updated_at desc limit 1
                        """)
                .param(link.gtin())
                .query((rs, row) -> new Found(
                        new TraceRecord.Product(
                                rs.getObject("id", UUID.class),
                                rs.getString("name"),
                                rs.getString("gtin"),
                                (Integer) rs.getObject("stars"),
                                properties.productPhotoUrl(rs.getObject("id", UUID.class)),
                                properties.storefrontProductUrl(rs.getObject("id", UUID.class))),
                        new TraceRecord.Producer(
                                rs.getString("producer_name"),
                                rs.getString("kind"),
                                rs.getString("province"),
                                rs.getString("commune"),
                                rs.getString("legacy_district"))))
                .optional();
        if (product.isEmpty()) {
            return Optional.empty();
        }
        UUID batchId = null;
        if (link.serial().isPresent()) {
            batchId = jdbc.sql(
                            """
                            select b.id from package k join batch b on b.id = k.batch_id
                            where k.serial = ? and b.product_id = ? and (?::text is null or b.lot = ?::text)
                            """)
                    .params(
                            link.serial().get(),
                            product.get().product().id(),
                            link.lot().orElse(null),
                            link.lot().orElse(null))
                    .query(UUID.class)
                    .optional()
                    .orElse(null);
            if (batchId == null) {
                return Optional.empty();
            }
        } else if (link.lot().isPresent()) {
            batchId = jdbc.sql("select id from batch where product_id = ? and lot = ?")
                    .params(product.get().product().id(), link.lot().get())
                    .query(UUID.class)
                    .optional()
                    .orElse(null);
            if (batchId == null) {
                return Optional.empty();
            }
        }
        var batch = batchId == null ? null : batch(batchId);
        TraceRecord.PackageFacts facts = null;
        if (link.serial().isPresent()) {
            facts = scan.isPresent()
                    ? count(link.serial().get(), scan.get())
                    : facts(link.serial().get());
        }
        return Optional.of(new TraceRecord(
                link.canonical(properties.resolverBase()),
                product.get().product(),
                product.get().producer(),
                batch,
                facts));
    }

    private TraceRecord.PackageFacts count(String serial, Scan scan) {
        var now = Timestamp.from(clock.instant());
        jdbc.sql("insert into package_scan (serial, at, client_kind, language) values (?, ?, ?, ?)")
                .params(serial, now, scan.clientKind(), scan.language())
                .update();
        return jdbc.sql(
                        """
                        update package set scan_count = scan_count + 1, first_scan_at = coalesce(first_scan_at, ?),
                                           last_scan_at = ?
                        where serial = ? returning scan_count, first_scan_at
                        """)
                .params(now, now, serial)
                .query((rs, row) -> facts(serial, rs.getLong(1), rs.getTimestamp(2)))
                .single();
    }

    private TraceRecord.PackageFacts facts(String serial) {
        return jdbc.sql("select scan_count, first_scan_at from package where serial = ?")
                .param(serial)
                .query((rs, row) -> facts(serial, rs.getLong(1), rs.getTimestamp(2)))
                .single();
    }

    private TraceRecord.PackageFacts facts(String serial, long count, Timestamp first) {
        return new TraceRecord.PackageFacts(
                serial, count, first == null ? null : first.toInstant(), count > properties.cloneWarningScans());
    }

    private TraceRecord.Batch batch(UUID id) {
        var today = LocalDate.now(clock.withZone(VIETNAM));
        var events = events(id);
        var inputBatches = jdbc.sql(
                        """
                        select p.name, b.lot, b.province, b.commune from batch_input i join batch b on b.id = i.input_batch_id
                        join product_copy p on p.id = b.product_id where i.batch_id = ? order by b.lot
                        """)
                .param(id)
                .query((rs, row) ->
                        new TraceRecord.InputBatch(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
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
                            recalledAt == null
                                    ? null
                                    : new TraceRecord.Recall(recalledAt.toInstant(), rs.getString("recall_reason")));
                })
                .single();
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
