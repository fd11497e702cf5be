package vn.ocop.catalog.stock;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import vn.ocop.events.Topics;
import vn.ocop.events.order.OrderCancelled;
import vn.ocop.events.order.OrderExpired;
import vn.ocop.events.order.OrderPlaced;
import vn.ocop.messaging.EventBatches;

/**
 * The catalogue's half of the stock saga: a placed order is reserved (or rejected), a cancelled or
 * expired one releases what it held. What a poll brings is settled in one transaction; each event
 * is applied once; an unreadable record goes to the dead-letter topic and the consumer goes on. The
 * rest of an order's life does not concern stock and is passed over unread.
 *
 * <p>One consumer per instance by default ({@code ocop.catalog.stock.consumers}): a batch locks the
 * product rows its orders name, so parallel consumers wait for each other on the popular products,
 * while one consumer takes bigger batches for the same few statements. In the saga benchmark three
 * consumers settled 272 orders/s and one 323.
 */
@Component
class OrderEventsListener {

    private static final String CONSUMER = "catalog-service.orders";

    private final EventBatches batches;
    private final StockReservations reservations;

    OrderEventsListener(EventBatches batches, StockReservations reservations) {
        this.batches = batches;
        this.reservations = reservations;
    }

    @KafkaListener(
            topics = Topics.ORDERS,
            groupId = "catalog-service.stock",
            concurrency = "${ocop.catalog.stock.consumers:1}",
            batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        batches.apply(
                CONSUMER, records, reservations::settle, OrderPlaced.class, OrderCancelled.class, OrderExpired.class);
    }
}
