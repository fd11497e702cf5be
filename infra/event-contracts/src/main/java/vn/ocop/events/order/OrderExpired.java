package vn.ocop.events.order;

import java.time.Instant;
import java.util.UUID;
import vn.ocop.events.EventType;
import vn.ocop.events.PlatformEvent;
import vn.ocop.events.Topics;

/** The order was not paid within the payment window; the catalogue releases any stock it held. */
@EventType(name = "vn.ocop.order.OrderExpired", version = 1, topic = Topics.ORDERS)
public record OrderExpired(
        UUID eventId,
        Instant occurredAt,
        UUID orderId,
        long orderVersion,
        UUID checkoutId,
        String shopper,
        UUID producerId,
        String previousState)
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
