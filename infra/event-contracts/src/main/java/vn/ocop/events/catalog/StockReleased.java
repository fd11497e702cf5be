package vn.ocop.events.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import vn.ocop.events.EventType;
import vn.ocop.events.PlatformEvent;
import vn.ocop.events.Topics;

/**
 * Stock reserved for an order went back on sale because the order was cancelled or expired. Keyed
 * by order id; version 2 of the order's reservation.
 */
@EventType(name = "vn.ocop.catalog.StockReleased", version = 1, topic = Topics.CATALOG_STOCK)
public record StockReleased(
        UUID eventId,
        Instant occurredAt,
        UUID orderId,
        long reservationVersion,
        List<StockReserved.Line> lines,
        String reason)
        implements PlatformEvent {

    @Override
    public String aggregateId() {
        return orderId.toString();
    }

    @Override
    public long aggregateVersion() {
        return reservationVersion;
    }
}
