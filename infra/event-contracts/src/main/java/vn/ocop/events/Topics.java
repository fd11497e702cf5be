package vn.ocop.events;

import java.util.List;
import java.util.Set;

/** The platform's Kafka topics. Each has a dead-letter companion named by {@link #deadLetter}. */
public final class Topics {

    /** Producers (cooperatives and other OCOP holders) as the catalogue records them. */
    public static final String CATALOG_PRODUCERS = "ocop.catalog.producers.v1";

    /** Products: listed, updated, delisted, stock changed; keyed by product id. */
    public static final String CATALOG_PRODUCTS = "ocop.catalog.products.v1";

    /**
     * Stock reservations for orders: reserved, rejected, released; keyed by order id, so that one
     * order's reservation facts stay in order.
     */
    public static final String CATALOG_STOCK = "ocop.catalog.stock.v1";

    /** Orders: placed, confirmed, paid, shipped …; keyed by order id so one order's events stay in order. */
    public static final String ORDERS = "ocop.order.orders.v1";

    /** Batches and their origin, keyed by batch id. */
    public static final String TRACE_BATCHES = "ocop.trace.batches.v1";

    /** Every topic of the platform, as above; each service declares them with their dead-letter companions. */
    public static final List<String> ALL =
            List.of(CATALOG_PRODUCERS, CATALOG_PRODUCTS, CATALOG_STOCK, ORDERS, TRACE_BATCHES);

    /**
     * The topics whose every record carries the whole of its key's state (a producer, a product
     * with its snapshot): compacted, so that the newest record of each key is kept however old it is
     * and a new consumer can fill its copy from the topic alone. The others carry facts that follow
     * one another (reserved, then released) and are kept for a time instead.
     */
    public static final Set<String> COMPACTED = Set.of(CATALOG_PRODUCERS, CATALOG_PRODUCTS);

    private static final String DEAD_LETTER_SUFFIX = ".dlt";

    private Topics() {}

    /** The dead-letter topic for records of {@code topic} that a consumer could not process. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
