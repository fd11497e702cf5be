package vn.ocop.catalog.search;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.stereotype.Component;
import vn.ocop.catalog.product.Products;
import vn.ocop.events.Topics;
import vn.ocop.events.catalog.ProductEvent;
import vn.ocop.messaging.IncomingEvents;
import vn.ocop.messaging.ServerUnavailable;

/**
 * Keeps the search index in step with the catalogue from its own product events. Idempotent by
 * product version (see ProductIndex); a record it can't read goes to the dead-letter topic. It starts
 * consuming only once the index and its alias exist, so that no event creates a stray index, retrying
 * while Elasticsearch is unreachable; stopping the application stops that retrying first, so a
 * closing application never starts the consumer.
 *
 * <p>If the index disappears while it runs (deleted, or the cluster lost its data), the next event
 * builds it again from the catalogue ({@link ProductIndex#restore}) before it is written; writes never
 * create an index themselves.
 *
 * <p>Once consuming, it rebuilds an index whose layout is older than this release's from the
 * catalogue ({@link ProductIndex#upgrade}); the events this service consumes meanwhile reach the old index
 * and the new one. A failed upgrade is tried again after a minute, then after twice as long each
 * time, up to an hour. Stopping the application does not cancel an upgrade already running: it
 * fails, or stops with the JVM, and leaves its unfinished index (not behind the alias); the next start
 * rebuilds again, and deletes that index once its rebuild's mark is ten minutes stale
 * ({@link ProductIndex#removeLeftovers()}).
 */
@Component
class SearchProjection implements SmartLifecycle {

    static final String LISTENER = "search-projection";
    private static final Logger log = LoggerFactory.getLogger(SearchProjection.class);

    private final ProductIndex index;
    private final Products products;
    private final KafkaListenerEndpointRegistry listeners;
    private volatile boolean running;
    private volatile Thread setup;

    SearchProjection(ProductIndex index, Products products, KafkaListenerEndpointRegistry listeners) {
        this.index = index;
        this.products = products;
        this.listeners = listeners;
    }

    /** The catalogue as a rebuild reads it: every product with its current version. */
    static ProductIndex.ProductSource catalogue(Products products) {
        return new ProductIndex.ProductSource() {
            @Override
            public List<ProductIndex.Versioned> page(@Nullable UUID after, int limit) {
                return versioned(products.snapshots(after, limit));
            }

            @Override
            public List<ProductIndex.Versioned> changedSince(Instant since, @Nullable UUID after, int limit) {
                return versioned(products.snapshotsChangedSince(since, after, limit));
            }

            @Override
            public Instant now() {
                return products.databaseTime();
            }
        };
    }

    private static List<ProductIndex.Versioned> versioned(List<Products.VersionedSnapshot> rows) {
        return rows.stream()
                .map(row -> new ProductIndex.Versioned(row.product(), row.version()))
                .toList();
    }

    @KafkaListener(
            id = LISTENER,
            topics = Topics.CATALOG_PRODUCTS,
            groupId = "${ocop.catalog.search.consumer-group:catalog-service.search}",
            autoStartup = "false")
    void on(ConsumerRecord<String, String> record) {
        if (IncomingEvents.concerns(record, ProductEvent.class)
                && IncomingEvents.read(record) instanceof ProductEvent event) {
            try {
                write(event);
            } catch (RuntimeException e) {
                // Elasticsearch away or busy, or the index blocked for writes: the event is good, and waits for it
                // (see Outages).
                throw ElasticsearchFailures.writeWaits(e) ? new ServerUnavailable("Elasticsearch", e) : e;
            }
        }
    }

    private void write(ProductEvent event) {
        try {
            index.put(event.product(), event.aggregateVersion());
        } catch (ProductIndex.AliasMissing e) {
            // The index was deleted under the service: the catalogue has every product, this one included.
            index.restore(catalogue(products));
            index.put(event.product(), event.aggregateVersion());
        }
    }

    @Override
    public void start() {
        running = true;
        setup = Thread.ofPlatform().daemon().name("search-index-setup").start(this::startOnceTheIndexExists);
    }

    private void startOnceTheIndexExists() {
        boolean consuming = false;
        var upgradeRetry = Duration.ofMinutes(1);
        while (running) {
            try {
                if (!consuming) {
                    index.ensureExists();
                    synchronized (this) {
                        if (!running) {
                            return;
                        }
                        listeners.getListenerContainer(LISTENER).start();
                        consuming = true;
                    }
                }
                if (!index.upgrade(catalogue(products))) {
                    index.removeLeftovers(); // an upgrade's rebuild has done so
                }
                return;
            } catch (RuntimeException e) {
                var retry = consuming ? upgradeRetry : Duration.ofSeconds(2);
                if (consuming) {
                    // An upgrade rebuilds the whole index: not again at once.
                    log.error("Search index upgrade failed; retrying in {}", retry, e);
                    var doubled = upgradeRetry.multipliedBy(2);
                    upgradeRetry = doubled.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : doubled;
                } else {
                    log.warn("Search index not ready ({}); retrying", e.getMessage());
                }
                try {
                    Thread.sleep(retry);
                } catch (InterruptedException stopping) {
                    return;
                }
            }
        }
    }

    @Override
    public void stop() {
        synchronized (this) {
            running = false;
        }
        var thread = setup;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after, and stops before, everything else, including the listener containers. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
