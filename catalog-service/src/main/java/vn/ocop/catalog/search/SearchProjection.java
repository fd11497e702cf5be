package vn.ocop.catalog.search;

import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.stereotype.Component;
import vn.ocop.events.Topics;
import vn.ocop.events.catalog.ProductEvent;
import vn.ocop.messaging.IncomingEvents;

/**
 * Keeps the search index in step with the catalogue from its own product events. Idempotent by
 * product version (see ProductIndex); a record it can't read goes to the dead-letter topic. It starts
 * consuming only once the index and its alias exist, so that no event creates a stray index.
 */
@Component
class SearchProjection {

    static final String LISTENER = "search-projection";
    private static final Logger log = LoggerFactory.getLogger(SearchProjection.class);

    private final ProductIndex index;
    private final KafkaListenerEndpointRegistry listeners;

    SearchProjection(ProductIndex index, KafkaListenerEndpointRegistry listeners) {
        this.index = index;
        this.listeners = listeners;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startOnceTheIndexExists() {
        Thread.ofVirtual().name("search-index-setup").start(() -> {
            while (true) {
                try {
                    index.ensureExists();
                    listeners.getListenerContainer(LISTENER).start();
                    return;
                } catch (RuntimeException e) {
                    log.warn("Search index not ready ({}); retrying", e.getMessage());
                    try {
                        Thread.sleep(Duration.ofSeconds(2));
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        });
    }

    @KafkaListener(
            id = LISTENER,
            topics = Topics.CATALOG_PRODUCTS,
            groupId = "catalog-service.search",
            autoStartup = "false")
    void on(ConsumerRecord<String, String> record) {
        if (IncomingEvents.read(record) instanceof ProductEvent event) {
            index.put(event.product(), event.aggregateVersion());
        }
    }
}
