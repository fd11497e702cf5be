package vn.ocop.events.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import vn.ocop.events.EventType;
import vn.ocop.events.PlatformEvent;
import vn.ocop.events.Topics;

/**
 * The catalogue took every line of an order out of stock at once (all or none). Keyed by order id;
 * version 1 of the order's reservation.
 */
@EventType(name = "vn.ocop.catalog.StockReserved", version = 1, topic = Topics.CATALOG_STOCK)
public record StockReserved(UUID eventId, Instant occurredAt, UUID orderId, long reservationVersion, List<Line> lines)
        implements PlatformEvent {

    public record Line(UUID productId, int quantity) {}

    @Override
    public String aggregateId() {
        return orderId.toString();
    }

    @Override
    public long aggregateVersion() {
        return reservationVersion;
    }
}
