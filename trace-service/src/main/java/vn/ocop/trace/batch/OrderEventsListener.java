package vn.ocop.trace.batch;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import vn.ocop.events.Topics;
import vn.ocop.events.order.OrderShipped;
import vn.ocop.messaging.IncomingEvents;
import vn.ocop.messaging.ProcessedEvents;

/** One step forward: which order each package went to, from OrderShipped. */
@Component
class OrderEventsListener {

    private static final String CONSUMER = "trace-service.orders";

    private final ProcessedEvents processed;
    private final Recalls recalls;

    OrderEventsListener(ProcessedEvents processed, Recalls recalls) {
        this.processed = processed;
        this.recalls = recalls;
    }

    @KafkaListener(topics = Topics.ORDERS, groupId = "trace-service.orders")
    @Transactional
    void on(ConsumerRecord<String, String> record) {
        if (!IncomingEvents.concerns(record, OrderShipped.class)) {
            return;
        }
        var event = IncomingEvents.read(record);
        if (processed.firstDelivery(CONSUMER, event.eventId()) && event instanceof OrderShipped shipped) {
            recalls.shipped(shipped);
        }
    }
}
