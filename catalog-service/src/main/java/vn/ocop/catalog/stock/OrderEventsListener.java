package vn.ocop.catalog.stock;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import vn.ocop.events.Topics;
import vn.ocop.events.order.OrderCancelled;
import vn.ocop.events.order.OrderExpired;
import vn.ocop.events.order.OrderPlaced;
import vn.ocop.messaging.IncomingEvents;
import vn.ocop.messaging.ProcessedEvents;

/**
 * The catalogue's half of the stock saga: a placed order is reserved (or rejected), a cancelled or
 * expired one releases what it held. Each event is applied once; an unreadable record goes to the
 * dead-letter topic and the consumer goes on.
 */
@Component
class OrderEventsListener {

    private static final String CONSUMER = "catalog-service.orders";

    private final ProcessedEvents processed;
    private final StockReservations reservations;

    OrderEventsListener(ProcessedEvents processed, StockReservations reservations) {
        this.processed = processed;
        this.reservations = reservations;
    }

    @KafkaListener(
            topics = Topics.ORDERS,
            groupId = "catalog-service.stock",
            concurrency = "${ocop.catalog.stock.consumers:3}")
    @Transactional
    void on(ConsumerRecord<String, String> record) {
        if (!IncomingEvents.concerns(record, OrderPlaced.class, OrderCancelled.class, OrderExpired.class)) {
            return; // the rest of an order's life does not concern stock
        }
        var event = IncomingEvents.read(record);
        if (!processed.firstDelivery(CONSUMER, event.eventId())) {
            return;
        }
        switch (event) {
            case OrderPlaced placed -> reservations.reserve(placed);
            case OrderCancelled cancelled -> reservations.release(cancelled.orderId(), "ORDER_CANCELLED");
            case OrderExpired expired -> reservations.release(expired.orderId(), "ORDER_EXPIRED");
            default -> {
                // the rest of an order's life does not concern stock
            }
        }
    }
}
