package vn.ocop.events.catalog;

import java.time.Instant;
import java.util.UUID;
import vn.ocop.events.EventType;
import vn.ocop.events.Topics;

/** A product was listed for sale: its producer is verified and it holds a valid certificate of three stars or more. */
@EventType(name = "vn.ocop.catalog.ProductListed", version = 1, topic = Topics.CATALOG_PRODUCTS)
public record ProductListed(
        UUID eventId, Instant occurredAt, UUID productId, long productVersion, ProductSnapshot product)
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
