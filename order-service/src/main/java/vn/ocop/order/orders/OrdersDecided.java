package vn.ocop.order.orders;

import java.util.Set;
import java.util.UUID;

/**
 * Orders of these checkouts left PLACED (confirmed or rejected) in the transaction that publishes
 * this: a payment held until their stock was decided may now be applied. An application event,
 * within this service only.
 */
public record OrdersDecided(Set<UUID> checkoutIds) {}
