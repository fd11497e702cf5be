package vn.ocop.events.catalog;

import java.time.Instant;
import java.util.UUID;
import vn.ocop.events.EventType;
import vn.ocop.events.Topics;

/** A product's stock changed from {@code previousStock} to the snapshot's stock. */
@EventType(name = "vn.ocop.catalog.StockChanged", version = 1, topic = Topics.CATALOG_PRODUCTS)
public record StockChanged(
        UUID eventId,
        Instant occurredAt,
        UUID productId,
        long productVersion,
        int previousStock,
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
