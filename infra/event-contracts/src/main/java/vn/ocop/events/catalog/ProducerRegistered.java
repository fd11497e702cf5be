package vn.ocop.events.catalog;

import java.time.Instant;
import java.util.UUID;
import vn.ocop.events.EventType;
import vn.ocop.events.Nullable;
import vn.ocop.events.PlatformEvent;
import vn.ocop.events.Topics;

/**
 * A producer (the holder of OCOP certificates: a cooperative, an enterprise, a household business
 * or a cooperative group) was registered in the catalogue.
 *
 * @param kind one of COOPERATIVE, ENTERPRISE, HOUSEHOLD_BUSINESS, COOPERATIVE_GROUP
 * @param legacyDistrict the district a pre-2025 document names, kept as free text; may be null
 */
@EventType(name = "vn.ocop.catalog.ProducerRegistered", version = 1, topic = Topics.CATALOG_PRODUCERS)
public record ProducerRegistered(
        UUID eventId,
        Instant occurredAt,
        UUID producerId,
        long producerVersion,
        String name,
        String kind,
        String province,
        String commune,
        @Nullable String legacyDistrict,
        boolean verified)
        implements PlatformEvent {

    @Override
    public String aggregateId() {
        return producerId.toString();
    }

    @Override
    public long aggregateVersion() {
        return producerVersion;
    }
}
