package vn.ocop.events.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import vn.ocop.events.EventType;
import vn.ocop.events.PlatformEvent;
import vn.ocop.events.Topics;

/**
 * A shopper placed an order for one producer's goods (a checkout splits into one order per
 * producer). Prices are those of the catalogue copy at that moment, in whole đồng; the catalogue
 * reserves the stock in answer.
 */
@EventType(name = "vn.ocop.order.OrderPlaced", version = 1, topic = Topics.ORDERS)
public record OrderPlaced(
        UUID eventId,
        Instant occurredAt,
        UUID orderId,
        long orderVersion,
        UUID checkoutId,
        String shopper,
        UUID producerId,
        List<Line> lines,
        long totalVnd,
        Destination destination)
        implements PlatformEvent {

    public record Line(UUID productId, String name, long unitPriceVnd, int quantity) {}

    /** Where the parcel goes, to province and commune; the full address stays in order-service. */
    public record Destination(String province, String commune) {}

    @Override
    public String aggregateId() {
        return orderId.toString();
    }

    @Override
    public long aggregateVersion() {
        return orderVersion;
    }
}
