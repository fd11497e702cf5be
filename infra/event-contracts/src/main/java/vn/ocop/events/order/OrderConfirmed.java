package vn.ocop.events.order;

import java.time.Instant;
import java.util.UUID;
import vn.ocop.events.EventType;
import vn.ocop.events.PlatformEvent;
import vn.ocop.events.Topics;

/** The catalogue reserved every line of the order: it awaits payment. */
@EventType(name = "vn.ocop.order.OrderConfirmed", version = 1, topic = Topics.ORDERS)
public record OrderConfirmed(
        UUID eventId,
        Instant occurredAt,
        UUID orderId,
        long orderVersion,
        UUID checkoutId,
        String shopper,
        UUID producerId,
        long totalVnd)
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
