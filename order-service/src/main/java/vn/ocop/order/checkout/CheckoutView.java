package vn.ocop.order.checkout;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A checkout with the orders it was split into, one per producer. */
public record CheckoutView(
        UUID id,
        Instant createdAt,
        long totalVnd,
        String paymentReference,
        List<Order> orders,
        CheckoutRequest.Delivery delivery) {

    public record Order(UUID id, UUID producerId, String state, long totalVnd, List<Line> lines) {}

    public record Line(UUID productId, String name, long unitPriceVnd, int quantity, long lineTotalVnd) {}
}
