package vn.ocop.catalog.producer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.ocop.events.catalog.ProducerRegistered;
import vn.ocop.events.catalog.ProducerUpdated;
import vn.ocop.messaging.Outbox;
import vn.ocop.web.Caller;
import vn.ocop.web.ProblemException;
import vn.ocop.web.Provinces;
import vn.ocop.web.Role;
import vn.ocop.web.UniqueIndex;

/** Registers producers and answers questions about them. */
@Service
public class Producers {

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Producers(JdbcClient jdbc, Outbox outbox, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
        this.events = events;
    }

    /** The provincial office registers a producer; it is verified from the start. */
    @Transactional
    public ProducerView register(RegisterProducerRequest request, Caller caller) {
        if (caller == null || !caller.is(Role.ADMIN)) {
            throw ProblemException.forbidden("Only the provincial OCOP office registers producers.");
        }
        return create(request, true);
    }

    /** A producer registers itself; it lists nothing until the office verifies it. */
    @Transactional
    public ProducerView selfRegister(RegisterProducerRequest request) {
        return create(request, false);
    }

    /** The office verifies a self-registered producer; a rejected registration cannot be verified. */
    @Transactional
    public ProducerView verify(ProducerId id) {
        if (jdbc.sql("update producer set verified = true, version = version + 1 where id = ? and not verified"
                                + " and rejected_at is null")
                        .param(id.value())
                        .update()
                == 0) {
            var producer = find(id).orElseThrow(() -> ProblemException.notFound("Producer " + id));
            if (producer.rejection() != null) {
                throw new ProblemException(
                        HttpStatus.CONFLICT,
                        "producer-rejected",
                        "The office rejected this registration ("
                                + producer.rejection().reason()
                                + "); the producer registers again if it is to be verified.",
                        "id");
            }
            return producer;
        }
        return changed(id);
    }

    /**
     * The office rejects a self-registration it cannot verify, such as one naming a tax code that is
     * not the registrant's. The registration stays on record with the reason, but gives up its tax
     * code. A verified producer is suspended instead: it may have sold, and its records stand.
     */
    @Transactional
    public ProducerView reject(ProducerId id, String reason) {
        if (jdbc.sql(
                                """
                                update producer set rejected_at = ?, rejection_reason = ?, version = version + 1
                                 where id = ? and not verified and rejected_at is null
                                """)
                        .params(Timestamp.from(clock.instant()), reason.strip(), id.value())
                        .update()
                == 0) {
            var producer = find(id).orElseThrow(() -> ProblemException.notFound("Producer " + id));
            if (producer.verified()) {
                throw new ProblemException(
                        HttpStatus.CONFLICT,
                        "producer-verified",
                        "This producer is verified; a verified producer is suspended, not rejected.",
                        "id");
            }
            if (!producer.rejection().reason().equals(reason.strip())) {
                // The same rejection again (a retried request) is answered as done; another is refused.
                throw new ProblemException(
                        HttpStatus.CONFLICT,
                        "producer-rejected",
                        "The office rejected this registration already ("
                                + producer.rejection().reason() + ").",
                        "id");
            }
            return producer;
        }
        events.publishEvent(new ProducerRejected(id.value()));
        return changed(id);
    }

    /** The office suspends a producer: it lists nothing until the suspension is lifted. */
    @Transactional
    public ProducerView suspend(ProducerId id, boolean suspended) {
        if (jdbc.sql("update producer set suspended = ?, version = version + 1 where id = ? and suspended <> ?")
                        .params(suspended, id.value(), suspended)
                        .update()
                == 0) {
            return find(id).orElseThrow(() -> ProblemException.notFound("Producer " + id));
        }
        if (suspended) {
            events.publishEvent(new ProducerSuspended(id.value()));
        }
        return changed(id);
    }

    /** Publishes the producer as it now is, after a change of its standing. */
    private ProducerView changed(ProducerId id) {
        var producer = find(id).orElseThrow();
        outbox.append(new ProducerUpdated(
                UUID.randomUUID(),
                clock.instant(),
                producer.id(),
                producer.version(),
                producer.name(),
                producer.kind().name(),
                producer.address().province(),
                producer.address().commune(),
                producer.address().legacyDistrict(),
                producer.verified(),
                producer.suspended()));
        return producer;
    }

    private ProducerView create(RegisterProducerRequest request, boolean verified) {
        var province = Provinces.require("address.province", request.address().province());
        if (jdbc.sql("select count(*) from producer where tax_code = ? and rejected_at is null")
                        .param(request.taxCode())
                        .query(Long.class)
                        .single()
                > 0) {
            throw duplicateTaxCode(request.taxCode());
        }
        var id = ProducerId.random();
        var now = clock.instant();
        var address = request.address();
        var location = Optional.ofNullable(address.location());
        var insert = jdbc.sql(
                        """
                        insert into producer (id, version, name, kind, tax_code, province, commune, legacy_district,
                                              street, latitude, longitude, phone, verified, registered_at)
                        values (:id, 1, :name, :kind, :taxCode, :province, :commune, :legacyDistrict,
                                :street, :latitude, :longitude, :phone, :verified, :registeredAt)
                        """)
                .param("id", id.value())
                .param("name", request.name().strip())
                .param("kind", request.kind().name())
                .param("taxCode", request.taxCode())
                .param("province", province)
                .param("commune", address.commune().strip())
                .param("legacyDistrict", address.legacyDistrict())
                .param("street", address.street())
                .param(
                        "latitude",
                        location.map(RegisterProducerRequest.Location::latitude).orElse(null))
                .param(
                        "longitude",
                        location.map(RegisterProducerRequest.Location::longitude)
                                .orElse(null))
                .param("phone", request.phone())
                .param("verified", verified)
                .param("registeredAt", Timestamp.from(now));
        // Stored by another request between the check above and this insert.
        UniqueIndex.guarding("producer_tax_code_key", () -> duplicateTaxCode(request.taxCode()), insert::update);
        outbox.append(new ProducerRegistered(
                UUID.randomUUID(),
                now,
                id.value(),
                1,
                request.name().strip(),
                request.kind().name(),
                province,
                address.commune().strip(),
                address.legacyDistrict(),
                verified));
        return find(id).orElseThrow();
    }

    private static ProblemException duplicateTaxCode(String taxCode) {
        return new ProblemException(
                HttpStatus.CONFLICT,
                "duplicate-tax-code",
                "A producer with tax code " + taxCode + " is already registered.",
                "taxCode");
    }

    public Optional<ProducerView> find(ProducerId id) {
        return jdbc.sql("select * from producer where id = ?")
                .param(id.value())
                .query(Producers::view)
                .optional();
    }

    /** The producer holding {@code taxCode} first, then rejected registrations that named it, newest first. */
    public List<ProducerView> findByTaxCode(String taxCode) {
        return jdbc.sql("select * from producer where tax_code = ? order by rejected_at desc nulls first, id")
                .param(taxCode)
                .query(Producers::view)
                .list();
    }

    /** A page of producers by name; {@code inGoodStandingOnly} leaves out unverified and suspended ones. */
    public List<ProducerView> list(int page, int size, boolean inGoodStandingOnly) {
        return jdbc.sql("select * from producer"
                        + (inGoodStandingOnly ? " where verified and not suspended" : "")
                        + " order by name, id limit ? offset ?")
                .param(size)
                .param((long) page * size)
                .query(Producers::view)
                .list();
    }

    private static ProducerView view(ResultSet rs, int row) throws SQLException {
        Double latitude = rs.getObject("latitude", Double.class);
        Double longitude = rs.getObject("longitude", Double.class);
        var location = latitude == null ? null : new RegisterProducerRequest.Location(latitude, longitude);
        return new ProducerView(
                rs.getObject("id", UUID.class),
                rs.getLong("version"),
                rs.getString("name"),
                ProducerKind.valueOf(rs.getString("kind")),
                rs.getString("tax_code"),
                new RegisterProducerRequest.Address(
                        rs.getString("province"),
                        rs.getString("commune"),
                        rs.getString("legacy_district"),
                        rs.getString("street"),
                        location),
                rs.getString("phone"),
                rs.getBoolean("verified"),
                rs.getBoolean("suspended"),
                rs.getTimestamp("registered_at").toInstant(),
                rs.getString("rejection_reason") == null
                        ? null
                        : new ProducerView.Rejection(
                                rs.getString("rejection_reason"),
                                rs.getTimestamp("rejected_at").toInstant()));
    }
}
