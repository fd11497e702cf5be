package vn.ocop.trace.catalogue;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import vn.ocop.events.catalog.ProducerRegistered;

/** The trace service's copy of the catalogue's producers. */
@Component
public class ProducerCopies {

    private final JdbcClient jdbc;

    ProducerCopies(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A producer as this service knows it. */
    public record ProducerCopy(UUID id, long version, String name, String province, String commune, boolean verified) {}

    /** Stores the registered producer unless a newer version of it is already here. */
    void apply(ProducerRegistered event) {
        jdbc.sql(
                        """
                        insert into producer_copy (id, version, name, kind, province, commune, legacy_district, verified)
                        values (:id, :version, :name, :kind, :province, :commune, :legacyDistrict, :verified)
                        on conflict (id) do update set
                            version = excluded.version, name = excluded.name, kind = excluded.kind,
                            province = excluded.province, commune = excluded.commune,
                            legacy_district = excluded.legacy_district, verified = excluded.verified,
                            updated_at = now()
                        where producer_copy.version < excluded.version
                        """)
                .param("id", event.producerId())
                .param("version", event.producerVersion())
                .param("name", event.name())
                .param("kind", event.kind())
                .param("province", event.province())
                .param("commune", event.commune())
                .param("legacyDistrict", event.legacyDistrict())
                .param("verified", event.verified())
                .update();
    }

    public Optional<ProducerCopy> find(UUID id) {
        return jdbc.sql("select id, version, name, province, commune, verified from producer_copy where id = ?")
                .param(id)
                .query(ProducerCopy.class)
                .optional();
    }
}
