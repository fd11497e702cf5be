package vn.ocop.events.catalog;

import java.util.UUID;

/**
 * A line the catalogue could not reserve: {@code available} is what it had, and {@code reason} is
 * {@code SHORT} (not enough stock) or {@code NOT_FOR_SALE} (withdrawn or unknown product).
 */
public record StockShortage(UUID productId, int requested, int available, String reason) {}
