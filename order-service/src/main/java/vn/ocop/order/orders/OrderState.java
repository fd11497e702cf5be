package vn.ocop.order.orders;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an order is in its life: PLACED → CONFIRMED (stock reserved) → PAID → SHIPPED → DELIVERED,
 * or REJECTED (stock short), CANCELLED (before shipping) or EXPIRED (unpaid in time).
 */
public enum OrderState {
    PLACED,
    CONFIRMED,
    REJECTED,
    PAID,
    SHIPPED,
    DELIVERED,
    CANCELLED,
    EXPIRED;

    /** The states an order can still be cancelled in: anything before the parcel leaves. */
    static final Set<OrderState> CANCELLABLE = EnumSet.of(PLACED, CONFIRMED, PAID);

    /** The states in which an unpaid order runs out of time. */
    static final Set<OrderState> UNPAID = EnumSet.of(PLACED, CONFIRMED);
}
