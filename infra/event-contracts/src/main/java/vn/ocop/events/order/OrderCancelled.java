package vn.ocop.events.order;

import java.time.Instant;
import java.util.UUID;
import vn.ocop.events.EventType;
import vn.ocop.events.PlatformEvent;
import vn.ocop.events.Topics;

/**
 * The shopper (before shipping), the producer or the office cancelled the order. {@code refundDueVnd}
 * is what was already paid for it and is owed back (0 when unpaid). The catalogue releases any stock
 * it held.
 */
@EventType(name = "vn.ocop.order.OrderCancelled", version = 1, topic = Topics.ORDERS)
public record OrderCancelled(
        UUID eventId,
        Instant occurredAt,
        UUID orderId,
        long orderVersion,
        UUID checkoutId,
        String shopper,
        UUID producerId,
        String cancelledBy,
        String reason,
        String previousState,
        long refundDueVnd)
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
