package vn.ocop.events.catalog;

import java.time.Instant;
import java.util.UUID;
import vn.ocop.events.EventType;
import vn.ocop.events.Topics;

/** A product was withdrawn from sale; {@code reason} says why (for example CERTIFICATE_EXPIRED). */
@EventType(name = "vn.ocop.catalog.ProductDelisted", version = 1, topic = Topics.CATALOG_PRODUCTS)
public record ProductDelisted(
        UUID eventId, Instant occurredAt, UUID productId, long productVersion, String reason, ProductSnapshot product)
        implements ProductEvent {

    @Override
    public String aggregateId() {
        return productId.toString();
    }

    @Override
    public long aggregateVersion() {
        return productVersion;
    }
}
