package vn.ocop.order.orders;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import vn.ocop.events.Topics;
import vn.ocop.events.catalog.StockRejected;
import vn.ocop.events.catalog.StockReleased;
import vn.ocop.events.catalog.StockReserved;
import vn.ocop.messaging.EventBatches;

/**
 * The order side of the stock saga: the catalogue's answer confirms or rejects a placed order. What
 * a poll brings is applied in one transaction; each event is applied once, and only to an order
 * still waiting for it (a cancelled order stays cancelled); an unreadable record goes to the
 * dead-letter topic and the consumer goes on.
 *
 * <p>One consumer per instance by default ({@code ocop.order.stock-consumers}): a batch costs a few
 * statements whatever its size, so one consumer taking bigger batches costs the database less than
 * several taking small ones.
 */
@Component
class StockEventsListener {

    private static final String CONSUMER = "order-service.stock";

    private final EventBatches batches;
    private final Orders orders;

    StockEventsListener(EventBatches batches, Orders orders) {
        this.batches = batches;
        this.orders = orders;
    }

    @KafkaListener(
            topics = Topics.CATALOG_STOCK,
            groupId = "order-service.stock",
            concurrency = "${ocop.order.stock-consumers:1}",
            batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        batches.apply(CONSUMER, records, orders::settle, StockReserved.class, StockRejected.class, StockReleased.class);
    }
}
