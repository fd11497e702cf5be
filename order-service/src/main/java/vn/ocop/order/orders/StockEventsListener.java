package vn.ocop.order.orders;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import vn.ocop.events.Topics;
import vn.ocop.events.catalog.StockRejected;
import vn.ocop.events.catalog.StockReleased;
import vn.ocop.events.catalog.StockReserved;
import vn.ocop.messaging.IncomingEvents;
import vn.ocop.messaging.ProcessedEvents;

/**
 * The order side of the stock saga: the catalogue's answer confirms or rejects a placed order. Each
 * event is applied once, and only to an order still waiting for it (a cancelled order stays
 * cancelled); an unreadable record goes to the dead-letter topic.
 */
@Component
class StockEventsListener {

    private static final String CONSUMER = "order-service.stock";

    private final ProcessedEvents processed;
    private final Orders orders;

    StockEventsListener(ProcessedEvents processed, Orders orders) {
        this.processed = processed;
        this.orders = orders;
    }

    @KafkaListener(
            topics = Topics.CATALOG_STOCK,
            groupId = "order-service.stock",
            concurrency = "${ocop.order.stock-consumers:3}")
    @Transactional
    void on(ConsumerRecord<String, String> record) {
        var event = IncomingEvents.read(record);
        if (!processed.firstDelivery(CONSUMER, event.eventId())) {
            return;
        }
        switch (event) {
            case StockReserved reserved -> orders.confirm(reserved);
            case StockRejected rejected -> orders.reject(rejected);
            case StockReleased released -> orders.stockReleased(released);
            default -> {
                // nothing else on this topic concerns orders
            }
        }
    }
}
