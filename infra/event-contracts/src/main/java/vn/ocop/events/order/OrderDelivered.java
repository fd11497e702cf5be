package vn.ocop.events.order;

import java.time.Instant;
import java.util.UUID;
import vn.ocop.events.EventType;
import vn.ocop.events.PlatformEvent;
import vn.ocop.events.Topics;

/** The shopper confirmed delivery, or it was {@code assumed} once the confirmation window passed. */
@EventType(name = "vn.ocop.order.OrderDelivered", version = 1, topic = Topics.ORDERS)
public record OrderDelivered(
        UUID eventId,
        Instant occurredAt,
        UUID orderId,
        long orderVersion,
        UUID checkoutId,
        String shopper,
        UUID producerId,
        boolean assumed)
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
