package vn.ocop.order.orders;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Moves orders along when people don't: an order unpaid after the payment window expires (its stock
 * goes back), and a shipped order nobody confirmed is taken as delivered. The clock is a bean, so a
 * test moves time by giving another one.
 */
@Component
public class OrderSweep {

    private static final Logger log = LoggerFactory.getLogger(OrderSweep.class);

    private final Orders orders;
    private final OrderProperties properties;
    private final Clock clock;

    OrderSweep(Orders orders, OrderProperties properties, Clock clock) {
        this.orders = orders;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${ocop.order.sweep-interval:30s}",
            initialDelayString = "${ocop.order.sweep-interval:30s}")
    void scheduled() {
        run();
    }

    /** One pass; returns how many orders it moved. */
    public int run() {
        var now = clock.instant();
        int moved = 0;
        var unpaidCutoff = now.minus(properties.unpaidTimeout());
        var heldCutoff = now.minus(properties.heldStockLimit());
        for (var id : orders.unpaidPlacedBefore(unpaidCutoff, heldCutoff)) {
            moved += orders.expire(id, unpaidCutoff, heldCutoff);
        }
        var deliveryCutoff = now.minus(properties.deliveryAssumedAfter());
        for (var id : orders.shippedBefore(deliveryCutoff)) {
            if (orders.assumeDelivered(id, deliveryCutoff)) {
                moved++;
            }
        }
        if (moved > 0) {
            log.info("Order sweep moved {} order(s)", moved);
        }
        return moved;
    }
}
