package vn.ocop.events.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import vn.ocop.events.EventType;
import vn.ocop.events.PlatformEvent;
import vn.ocop.events.Topics;

/**
 * The producer handed the parcel over, with the serials of the traceable packages in it (issued by
 * trace-service), so that each package can be linked to its order.
 */
@EventType(name = "vn.ocop.order.OrderShipped", version = 1, topic = Topics.ORDERS)
public record OrderShipped(
        UUID eventId,
        Instant occurredAt,
        UUID orderId,
        long orderVersion,
        UUID checkoutId,
        String shopper,
        UUID producerId,
        List<String> packageSerials)
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
