package vn.ocop.trace.batch;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import vn.ocop.events.Topics;
import vn.ocop.events.order.OrderShipped;
import vn.ocop.messaging.EventBatches;

/**
 * One step forward: which order each package went to, from OrderShipped. The rest of an order's
 * life passes by unread and costs no database transaction; what a poll brings is applied in one.
 */
@Component
class OrderEventsListener {

    private static final String CONSUMER = "trace-service.orders";

    private final EventBatches batches;
    private final Recalls recalls;

    OrderEventsListener(EventBatches batches, Recalls recalls) {
        this.batches = batches;
        this.recalls = recalls;
    }

    @KafkaListener(topics = Topics.ORDERS, groupId = "trace-service.orders", batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        batches.apply(
                CONSUMER,
                records,
                shipments -> shipments.forEach(shipment -> recalls.shipped((OrderShipped) shipment.event())),
                OrderShipped.class);
    }
}
