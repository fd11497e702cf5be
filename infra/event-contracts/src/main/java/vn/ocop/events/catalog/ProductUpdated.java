package vn.ocop.events.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import vn.ocop.events.EventType;
import vn.ocop.events.Topics;

/** A product's price, text, photos, certificate or GTIN (given once, to a product that had none) changed. */
@EventType(name = "vn.ocop.catalog.ProductUpdated", version = 1, topic = Topics.CATALOG_PRODUCTS)
public record ProductUpdated(
        UUID eventId,
        Instant occurredAt,
        UUID productId,
        long productVersion,
        List<String> changed,
        ProductSnapshot product)
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
