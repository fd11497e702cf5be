package vn.ocop.order.orders;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import vn.ocop.events.catalog.StockShortage;
import vn.ocop.order.checkout.CheckoutRequest;

/**
 * One producer's part of a checkout, as its shopper, its producer and the office see it: with every
 * state it has been in and when.
 */
public record OrderView(
        UUID id,
        long version,
        UUID checkoutId,
        String shopper,
        UUID producerId,
        OrderState state,
        long totalVnd,
        Instant placedAt,
        List<Line> lines,
        List<StateChange> history,
        List<StockShortage> shortages,
        List<String> packageSerials,
        Instant stockReleasedAt,
        String cancelReason,
        String paymentTransaction,
        Long paidVnd,
        CheckoutRequest.Delivery delivery) {

    public record Line(UUID productId, String name, long unitPriceVnd, int quantity) {}

    public record StateChange(OrderState state, Instant at, String note) {}
}
