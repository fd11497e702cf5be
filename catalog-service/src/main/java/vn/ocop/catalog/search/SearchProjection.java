package vn.ocop.catalog.search;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import vn.ocop.events.Topics;
import vn.ocop.events.catalog.ProductEvent;
import vn.ocop.messaging.IncomingEvents;

/**
 * Keeps the search index in step with the catalogue from its own product events. Idempotent by
 * product version (see ProductIndex); a record it can't read goes to the dead-letter topic.
 */
@Component
class SearchProjection {

    private final ProductIndex index;

    SearchProjection(ProductIndex index) {
        this.index = index;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexIfMissing() {
        index.ensureExists();
    }

    @KafkaListener(topics = Topics.CATALOG_PRODUCTS, groupId = "catalog-service.search")
    void on(ConsumerRecord<String, String> record) {
        if (IncomingEvents.read(record) instanceof ProductEvent event) {
            index.put(event.product(), event.aggregateVersion());
        }
    }
}
