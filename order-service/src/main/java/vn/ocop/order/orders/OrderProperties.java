package vn.ocop.order.orders;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long orders wait.
 *
 * @param unpaidTimeout an order not paid this long after it was placed expires and its stock goes back
 * @param deliveryAssumedAfter a shipped order the shopper has not confirmed this long after is taken as delivered
 * @param sweepInterval how often the expiry and delivery sweep runs
 * @param heldStockLimit a transfer that arrived while stock was being reserved keeps the orders still
 *     waiting for their stock from expiring at most this long after they were placed: a saga slowed by an
 *     outage decides within it, and an order whose stock answer never came (dead-lettered) expires after
 *     it, so that the transfer reaches the office rather than holding the checkout for good
 */
@ConfigurationProperties("ocop.order")
public record OrderProperties(
        @DefaultValue("30m") Duration unpaidTimeout,
        @DefaultValue("7d") Duration deliveryAssumedAfter,
        @DefaultValue("30s") Duration sweepInterval,
        @DefaultValue("24h") Duration heldStockLimit) {}
