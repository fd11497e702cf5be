package vn.ocop.trace.batch;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import vn.ocop.events.trace.BatchRegistered;
import vn.ocop.messaging.Outbox;
import vn.ocop.trace.catalogue.ProductCopies;
import vn.ocop.web.Caller;
import vn.ocop.web.ProblemException;
import vn.ocop.web.Provinces;
import vn.ocop.web.UniqueIndex;

/** Batches of OCOP products and where they came from: the start of every package's story. */
@Service
public class Batches {

    /** Vietnam's time zone: the day a batch is produced on, and every date trace-service shows, are days there. */
    public static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final ProductCopies products;
    private final JsonMapper json;
    private final Clock clock;

    Batches(JdbcClient jdbc, Outbox outbox, ProductCopies products, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.products = products;
        this.json = json;
        this.clock = clock;
    }

    private static ProblemException duplicateLot(String lot) {
        return new ProblemException(
                HttpStatus.CONFLICT, "duplicate-lot", "Lot " + lot + " is already registered for this product.", "lot");
    }

    /** A producer registers a batch of one of its own listed products; BatchRegistered goes out with it. */
    @Transactional
    public BatchView register(RegisterBatchRequest request, Caller caller) {
        var product = products.find(request.productId())
                .orElseThrow(() -> ProblemException.ruleViolated(
                        "product-unknown",
                        "No listed product " + request.productId() + " is known to traceability yet."));
        if (!caller.mayActFor(product.producerId())) {
            throw ProblemException.forbidden("A producer may only register batches of its own products.");
        }
        if (!product.listed()) {
            throw ProblemException.ruleViolated(
                    "product-not-listed", "Batches are registered for listed OCOP products only.");
        }
        if (request.producedOn().getYear() < 1900) {
            throw ProblemException.invalid("producedOn", "must not be before 1900");
        }
        // Before the dates are added to: a year near LocalDate's end cannot have a hundred added.
        if (request.producedOn().isAfter(LocalDate.now(clock.withZone(VIETNAM)))) {
            throw ProblemException.invalid("producedOn", "must not be in the future");
        }
        if (request.expiresOn().isAfter(request.producedOn().plusYears(100))) {
            throw ProblemException.invalid("expiresOn", "must be within 100 years of producedOn");
        }
        if (request.expiresOn().isBefore(request.producedOn())) {
            throw ProblemException.invalid("expiresOn", "must not be before producedOn");
        }
        var province = Provinces.require("origin.province", request.origin().province());
        if (jdbc.sql("select count(*) from batch where product_id = ? and lot = ?")
                        .params(request.productId(), request.lot())
                        .query(Long.class)
                        .single()
                > 0) {
            throw duplicateLot(request.lot());
        }
        var id = UUID.randomUUID();
        var origin = request.origin();
        var now = clock.instant();
        var insert = jdbc.sql(
                        """
                        insert into batch (id, version, product_id, producer_id, lot, quantity, unit, origin_name, province,
                                           commune, latitude, longitude, area_hectares, produced_on, expires_on, inputs,
                                           certifications, registered_at)
                        values (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)
                        """)
                .params(
                        id,
                        product.id(),
                        product.producerId(),
                        request.lot(),
                        request.quantity(),
                        request.unit().strip(),
                        origin.name().strip(),
                        province,
                        origin.commune().strip(),
                        origin.latitude(),
                        origin.longitude(),
                        origin.areaHectares(),
                        Date.valueOf(request.producedOn()),
                        Date.valueOf(request.expiresOn()),
                        json.writeValueAsString(request.inputs()),
                        json.writeValueAsString(request.certifications()),
                        Timestamp.from(now));
        // Stored by another request between the check above and this insert.
        UniqueIndex.guarding("batch_product_id_lot_key", () -> duplicateLot(request.lot()), insert::update);
        outbox.append(new BatchRegistered(
                UUID.randomUUID(),
                now,
                id,
                1,
                product.id(),
                product.producerId(),
                product.gtin(),
                request.lot(),
                request.quantity(),
                request.unit().strip(),
                new BatchRegistered.Origin(
                        origin.name().strip(),
                        province,
                        origin.commune().strip(),
                        origin.latitude(),
                        origin.longitude(),
                        origin.areaHectares()),
                request.producedOn(),
                request.expiresOn(),
                request.inputs().stream()
                        .map(i -> new BatchRegistered.Input(i.name(), i.note()))
                        .toList(),
                request.certifications().stream()
                        .map(c -> new BatchRegistered.Certification(c.scheme(), c.number()))
                        .toList()));
        return find(id).orElseThrow();
    }

    public Optional<BatchView> find(UUID id) {
        return jdbc.sql(
                        "select b.*, p.name as product_name, p.gtin from batch b join product_copy p on p.id = b.product_id where b.id = ?")
                .param(id)
                .query(this::view)
                .optional();
    }

    private BatchView view(ResultSet rs, int row) throws SQLException {
        return new BatchView(
                rs.getObject("id", UUID.class),
                rs.getObject("product_id", UUID.class),
                rs.getString("product_name"),
                rs.getObject("producer_id", UUID.class),
                rs.getString("gtin"),
                rs.getString("lot"),
                rs.getLong("quantity"),
                rs.getString("unit"),
                new RegisterBatchRequest.Origin(
                        rs.getString("origin_name"),
                        rs.getString("province"),
                        rs.getString("commune"),
                        rs.getObject("latitude", Double.class),
                        rs.getObject("longitude", Double.class),
                        rs.getObject("area_hectares", Double.class)),
                rs.getDate("produced_on").toLocalDate(),
                rs.getDate("expires_on").toLocalDate(),
                json.readValue(rs.getString("inputs"), new TypeReference<List<RegisterBatchRequest.Input>>() {}),
                json.readValue(
                        rs.getString("certifications"),
                        new TypeReference<List<RegisterBatchRequest.Certification>>() {}),
                rs.getTimestamp("registered_at").toInstant(),
                rs.getTimestamp("recalled_at") == null
                        ? null
                        : new BatchView.Recall(
                                rs.getTimestamp("recalled_at").toInstant(),
                                rs.getString("recall_reason"),
                                rs.getObject("recalled_via", UUID.class)));
    }
}
