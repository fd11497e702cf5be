package vn.ocop.catalog.certificate;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.ocop.web.ProblemException;

/** The OCOP certificates the provincial office records, and which of them a product may be listed under. */
@Service
public class Certificates {

    /** Quảng Ninh began its OCOP programme in 2013, five years before the national one. */
    static final LocalDate EARLIEST_RECOGNITION = LocalDate.of(2013, 1, 1);

    /** A certificate is valid for 36 months; a decision giving more than ten years is a typing error. */
    static final int LONGEST_VALIDITY_YEARS = 10;

    private final JdbcClient jdbc;
    /** Decisions are dated in Vietnam's time. */
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private final Clock clock;
    private final ApplicationEventPublisher events;

    Certificates(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    /** A certificate a product may be listed under: what the listing rules need to know. */
    public record Standing(UUID id, String decisionNumber, int stars, LocalDate recognisedOn, LocalDate expiresOn) {}

    @Transactional
    public CertificateView record(RecordCertificateRequest request) {
        if (request.recognisedOn().isBefore(EARLIEST_RECOGNITION)) {
            throw ProblemException.invalid("recognisedOn", "must be on or after " + EARLIEST_RECOGNITION);
        }
        // A decision is recorded once signed; one taking effect more than a year later is a mistyped
        // year (and one beyond the database's calendar could not be stored at all).
        if (request.recognisedOn()
                .isAfter(LocalDate.now(clock.withZone(VIETNAM)).plusYears(1))) {
            throw ProblemException.invalid("recognisedOn", "must be no more than a year from today");
        }
        if (!request.expiresOn().isAfter(request.recognisedOn())) {
            throw ProblemException.invalid("expiresOn", "must be after recognisedOn");
        }
        if (request.expiresOn().minusYears(LONGEST_VALIDITY_YEARS).isAfter(request.recognisedOn())) {
            throw ProblemException.invalid(
                    "expiresOn", "must be within " + LONGEST_VALIDITY_YEARS + " years of recognisedOn");
        }
        if (jdbc.sql("select count(*) from producer where id = ?")
                        .param(request.producerId())
                        .query(Long.class)
                        .single()
                == 0) {
            throw ProblemException.invalid("producerId", "no producer with this id");
        }
        // Locked (for update: a listed product may move to this certificate, see Products) until the
        // certificate is recorded, in id order as every other path locks products, so that a deletion
        // under way is waited for and then seen, and no two requests wait on each other crosswise: two
        // recordings for one product that each held a share lock and then asked for the row deadlocked.
        var owners = jdbc.sql("select producer_id from product where id in (:ids) order by id for update")
                .param("ids", request.products())
                .query(UUID.class)
                .list();
        if (owners.size() != request.products().stream().distinct().count()
                || owners.stream().anyMatch(owner -> !owner.equals(request.producerId()))) {
            throw ProblemException.invalid(
                    "products", "every product must exist and belong to the certificate's producer");
        }
        // One decision rates many products, each with its stars, and may be recorded for them one at a
        // time; each product once. Two recordings of one decision at once take turns here, so that a
        // request sent twice is refused the second time. A lock of its own, for the one decision: the
        // producer's row would make every edit of the producer's products wait on it too.
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param("certificate " + request.producerId() + " " + request.decisionNumber())
                .query((rs, row) -> true)
                .single();
        // The decision's facts are one: its date, validity and authority are the same for every product.
        var given = facts(request.issuingAuthority(), request.recognisedOn(), request.expiresOn());
        jdbc.sql(
                        """
                        select issuing_authority, recognised_on, expires_on from certificate
                        where producer_id = ? and decision_number = ? limit 1
                        """)
                .params(request.producerId(), request.decisionNumber())
                .query((rs, row) -> facts(
                        rs.getString(1),
                        rs.getDate(2).toLocalDate(),
                        rs.getDate(3).toLocalDate()))
                .optional()
                .flatMap(recorded -> recorded.entrySet().stream()
                        .filter(fact -> !fact.getValue().equals(given.get(fact.getKey())))
                        .findFirst())
                .ifPresent(differing -> {
                    throw new ProblemException(
                                    HttpStatus.CONFLICT,
                                    "decision-differs",
                                    "Decision " + request.decisionNumber() + " is recorded for this producer with "
                                            + differing.getKey() + " " + differing.getValue() + ".",
                                    differing.getKey())
                            .with(differing.getKey(), differing.getValue());
                });
        var covered = jdbc.sql(
                        """
                        select cp.product_id from certificate c join certificate_product cp on cp.certificate_id = c.id
                        where c.producer_id = :producer and c.decision_number = :decision and cp.product_id in (:ids)
                        order by cp.product_id
                        """)
                .param("producer", request.producerId())
                .param("decision", request.decisionNumber())
                .param("ids", request.products())
                .query(UUID.class)
                .list();
        if (!covered.isEmpty()) {
            throw new ProblemException(
                            HttpStatus.CONFLICT,
                            "duplicate-certificate",
                            "Decision " + request.decisionNumber() + " is already recorded for " + covered + ".",
                            "products")
                    .with("products", covered);
        }
        var id = UUID.randomUUID();
        jdbc.sql(
                        """
                        insert into certificate (id, producer_id, decision_number, stars, issuing_authority,
                                                 recognised_on, expires_on, recorded_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        id,
                        request.producerId(),
                        request.decisionNumber(),
                        request.stars(),
                        request.issuingAuthority(),
                        Date.valueOf(request.recognisedOn()),
                        Date.valueOf(request.expiresOn()),
                        Timestamp.from(clock.instant()))
                .update();
        var products = request.products().stream().distinct().toList();
        for (var product : products) {
            jdbc.sql("insert into certificate_product (certificate_id, product_id) values (?, ?)")
                    .params(id, product)
                    .update();
        }
        events.publishEvent(new CertificateRecorded(id, products));
        return find(id).orElseThrow();
    }

    /** What a decision states for every product it rates, by the request's field names, in their order. */
    private static Map<String, Object> facts(String issuingAuthority, LocalDate recognisedOn, LocalDate expiresOn) {
        var facts = new LinkedHashMap<String, Object>();
        facts.put("issuingAuthority", issuingAuthority);
        facts.put("recognisedOn", recognisedOn);
        facts.put("expiresOn", expiresOn);
        return facts;
    }

    public Optional<CertificateView> find(UUID id) {
        var products = jdbc.sql(
                        "select product_id from certificate_product where certificate_id = ? order by product_id")
                .param(id)
                .query(UUID.class)
                .list();
        return jdbc.sql("select * from certificate where id = ?")
                .param(id)
                .query((rs, row) -> new CertificateView(
                        rs.getObject("id", UUID.class),
                        rs.getObject("producer_id", UUID.class),
                        rs.getString("decision_number"),
                        rs.getInt("stars"),
                        rs.getString("issuing_authority"),
                        rs.getDate("recognised_on").toLocalDate(),
                        rs.getDate("expires_on").toLocalDate(),
                        products))
                .optional();
    }

    /** Every certificate covering {@code product}, best first: most stars, then latest expiry. */
    public List<Standing> covering(UUID product) {
        return jdbc.sql(
                        """
                        select c.id, c.decision_number, c.stars, c.recognised_on, c.expires_on
                        from certificate c join certificate_product cp on cp.certificate_id = c.id
                        where cp.product_id = ?
                        order by c.stars desc, c.expires_on desc
                        """)
                .param(product)
                .query((rs, row) -> new Standing(
                        rs.getObject("id", UUID.class),
                        rs.getString("decision_number"),
                        rs.getInt("stars"),
                        rs.getDate("recognised_on").toLocalDate(),
                        rs.getDate("expires_on").toLocalDate()))
                .list();
    }
}
