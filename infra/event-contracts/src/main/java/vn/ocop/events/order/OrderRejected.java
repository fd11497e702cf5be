package vn.ocop.events.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import vn.ocop.events.EventType;
import vn.ocop.events.PlatformEvent;
import vn.ocop.events.Topics;
import vn.ocop.events.catalog.StockShortage;

/** The catalogue could not reserve the order's lines; nothing is held for it. */
@EventType(name = "vn.ocop.order.OrderRejected", version = 1, topic = Topics.ORDERS)
public record OrderRejected(
        UUID eventId,
        Instant occurredAt,
        UUID orderId,
        long orderVersion,
        UUID checkoutId,
        String shopper,
        UUID producerId,
        List<StockShortage> shortages)
        implements PlatformEvent {

    @Override
    public String aggregateId() {
        return orderId.toString();
    }

    @Override
    public long aggregateVersion() {
        return orderVersion;
    }
}
