package vn.ocop.events.order;

import java.time.Instant;
import java.util.UUID;
import vn.ocop.events.EventType;
import vn.ocop.events.PlatformEvent;
import vn.ocop.events.Topics;

/**
 * The shopper's bank transfer for the checkout arrived with the right amount; {@code transactionId}
 * is the bank's.
 */
@EventType(name = "vn.ocop.order.OrderPaid", version = 1, topic = Topics.ORDERS)
public record OrderPaid(
        UUID eventId,
        Instant occurredAt,
        UUID orderId,
        long orderVersion,
        UUID checkoutId,
        String shopper,
        UUID producerId,
        long totalVnd,
        String transactionId)
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
