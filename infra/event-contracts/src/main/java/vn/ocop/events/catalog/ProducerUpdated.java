package vn.ocop.events.catalog;

import java.time.Instant;
import java.util.UUID;
import vn.ocop.events.EventType;
import vn.ocop.events.Nullable;
import vn.ocop.events.PlatformEvent;
import vn.ocop.events.Topics;

/**
 * A producer changed: verified by the office, suspended, or its suspension lifted. Carries the whole
 * producer as it is now, so a copy can take it as it is when its version is newer.
 */
@EventType(name = "vn.ocop.catalog.ProducerUpdated", version = 1, topic = Topics.CATALOG_PRODUCERS)
public record ProducerUpdated(
        UUID eventId,
        Instant occurredAt,
        UUID producerId,
        long producerVersion,
        String name,
        String kind,
        String province,
        String commune,
        @Nullable String legacyDistrict,
        boolean verified,
        boolean suspended)
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
