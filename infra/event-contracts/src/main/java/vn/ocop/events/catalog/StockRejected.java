package vn.ocop.events.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import vn.ocop.events.EventType;
import vn.ocop.events.PlatformEvent;
import vn.ocop.events.Topics;

/**
 * The catalogue could not reserve an order: {@code shortages} names every line it could not take.
 * Nothing was taken. Keyed by order id; version 1 of the order's reservation.
 */
@EventType(name = "vn.ocop.catalog.StockRejected", version = 1, topic = Topics.CATALOG_STOCK)
public record StockRejected(
        UUID eventId, Instant occurredAt, UUID orderId, long reservationVersion, List<StockShortage> shortages)
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
