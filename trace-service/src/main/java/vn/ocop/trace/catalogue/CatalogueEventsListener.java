package vn.ocop.trace.catalogue;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import vn.ocop.events.Topics;
import vn.ocop.events.catalog.ProducerRegistered;
import vn.ocop.events.catalog.ProducerUpdated;
import vn.ocop.events.catalog.ProductEvent;
import vn.ocop.messaging.IncomingEvents;
import vn.ocop.messaging.ProcessedEvents;
import vn.ocop.trace.TraceChanges;

/**
 * Keeps this service's copies of catalogue facts current. Each event is applied once (the
 * processed-event ledger) and only forwards (copies are versioned); a record that can't be read
 * goes to the dead-letter topic.
 */
@Component
class CatalogueEventsListener {

    private static final String CONSUMER = "trace-service.catalogue";

    private final ProcessedEvents processed;
    private final ProducerCopies producers;
    private final ProductCopies products;
    private final TraceChanges changes;

    CatalogueEventsListener(
            ProcessedEvents processed, ProducerCopies producers, ProductCopies products, TraceChanges changes) {
        this.processed = processed;
        this.producers = producers;
        this.products = products;
        this.changes = changes;
    }

    @KafkaListener(topics = {Topics.CATALOG_PRODUCERS, Topics.CATALOG_PRODUCTS})
    @Transactional
    void on(ConsumerRecord<String, String> record) {
        if (!IncomingEvents.concerns(record, ProducerRegistered.class, ProducerUpdated.class, ProductEvent.class)) {
            return;
        }
        var event = IncomingEvents.read(record);
        if (!processed.firstDelivery(CONSUMER, event.eventId())) {
            return;
        }
        changes.changed(); // what a scan shows of a product may have changed
        switch (event) {
            case ProducerRegistered registered -> producers.apply(registered);
            case ProducerUpdated updated -> producers.apply(updated);
            case ProductEvent product -> products.apply(product);
            default -> {
                // another fact on this topic that this service does not keep
            }
        }
    }
}
