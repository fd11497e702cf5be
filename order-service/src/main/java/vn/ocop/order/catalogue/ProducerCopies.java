package vn.ocop.order.catalogue;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import vn.ocop.events.catalog.ProducerRegistered;
import vn.ocop.events.catalog.ProducerUpdated;

/** The order service's copy of the catalogue's producers. */
@Component
public class ProducerCopies {

    private final JdbcClient jdbc;

    ProducerCopies(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A producer as this service knows it. */
    public record ProducerCopy(
            UUID id, long version, String name, String province, String commune, boolean verified, boolean suspended) {}

    /** Stores the registered producer unless a newer version of it is already here. */
    void apply(ProducerRegistered event) {
        upsert(
                event.producerId(),
                event.producerVersion(),
                event.name(),
                event.kind(),
                event.province(),
                event.commune(),
                event.legacyDistrict(),
                event.verified(),
                false);
    }

    /** Takes the producer's new standing unless a newer version of it is already here. */
    void apply(ProducerUpdated event) {
        upsert(
                event.producerId(),
                event.producerVersion(),
                event.name(),
                event.kind(),
                event.province(),
                event.commune(),
                event.legacyDistrict(),
                event.verified(),
                event.suspended());
    }

    private void upsert(
            UUID id,
            long version,
            String name,
            String kind,
            String province,
            String commune,
            String legacyDistrict,
            boolean verified,
            boolean suspended) {
        jdbc.sql(
                        """
                        insert into producer_copy (id, version, name, kind, province, commune, legacy_district, verified, suspended)
                        values (:id, :version, :name, :kind, :province, :commune, :legacyDistrict, :verified, :suspended)
                        on conflict (id) do update set
                            version = excluded.version, name = excluded.name, kind = excluded.kind,
                            province = excluded.province, commune = excluded.commune,
                            legacy_district = excluded.legacy_district, verified = excluded.verified,
                            suspended = excluded.suspended,
                            updated_at = now()
                        where producer_copy.version < excluded.version
                        """)
                .param("id", id)
                .param("version", version)
                .param("name", name)
                .param("kind", kind)
                .param("province", province)
                .param("commune", commune)
                .param("legacyDistrict", legacyDistrict)
                .param("verified", verified)
                .param("suspended", suspended)
                .update();
    }

    public Optional<ProducerCopy> find(UUID id) {
        return jdbc.sql(
                        "select id, version, name, province, commune, verified, suspended from producer_copy where id = ?")
                .param(id)
                .query(ProducerCopy.class)
                .optional();
    }
}
