package vn.ocop.order.recall;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import vn.ocop.events.Topics;
import vn.ocop.events.trace.BatchRecalled;
import vn.ocop.messaging.IncomingEvents;
import vn.ocop.messaging.ProcessedEvents;
import vn.ocop.order.checkout.CheckoutRequest;
import vn.ocop.web.ProblemException;

/**
 * Orders reached by a recall: trace-service names them in BatchRecalled, this service marks them and
 * lists them for the office with the shopper's contact, until each is marked contacted.
 */
@RestController
class RecalledOrders {

    private static final String CONSUMER = "order-service.recalls";

    private final JdbcClient jdbc;
    private final ProcessedEvents processed;
    private final JsonMapper json;
    private final Clock clock;

    RecalledOrders(JdbcClient jdbc, ProcessedEvents processed, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.processed = processed;
        this.json = json;
        this.clock = clock;
    }

    @KafkaListener(topics = Topics.TRACE_BATCHES, groupId = "order-service.recalls")
    @Transactional
    void on(ConsumerRecord<String, String> record) {
        if (!IncomingEvents.concerns(record, BatchRecalled.class)) {
            return;
        }
        var event = IncomingEvents.read(record);
        if (!processed.firstDelivery(CONSUMER, event.eventId()) || !(event instanceof BatchRecalled recalled)) {
            return;
        }
        for (var order : recalled.orderIds()) {
            jdbc.sql(
                            """
                            insert into order_recall (order_id, batch_id, gtin, lot, reason, recalled_at)
                            select id, ?, ?, ?, ?, ? from customer_order where id = ?
                            on conflict do nothing
                            """)
                    .params(
                            recalled.batchId(),
                            recalled.gtin(),
                            recalled.lot(),
                            recalled.reason(),
                            Timestamp.from(recalled.occurredAt()),
                            order)
                    .update();
        }
    }

    /** A recalled order with whom to contact. */
    record Recalled(
            UUID orderId,
            String state,
            String shopper,
            CheckoutRequest.Delivery contact,
            UUID batchId,
            String gtin,
            String lot,
            String reason,
            Instant recalledAt,
            Instant contactedAt) {}

    @GetMapping("/api/admin/recalls")
    List<Recalled> list() {
        return jdbc.sql(
                        """
                        select r.order_id, o.state, o.shopper, c.delivery::text, r.batch_id, r.gtin, r.lot, r.reason,
                               r.recalled_at, r.contacted_at
                        from order_recall r join customer_order o on o.id = r.order_id join checkout c on c.id = o.checkout_id
                        order by r.contacted_at nulls first, r.recalled_at desc limit 500
                        """)
                .query((rs, row) -> new Recalled(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        json.readValue(rs.getString(4), CheckoutRequest.Delivery.class),
                        rs.getObject(5, UUID.class),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getTimestamp(9).toInstant(),
                        rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant()))
                .list();
    }

    @PostMapping("/api/admin/recalls/{orderId}/contacted")
    void contacted(@PathVariable UUID orderId) {
        // Marking again (a retry, a second click) keeps the first time and is no error.
        int marked = jdbc.sql("update order_recall set contacted_at = coalesce(contacted_at, ?) where order_id = ?")
                .params(Timestamp.from(clock.instant()), orderId)
                .update();
        if (marked == 0) {
            throw ProblemException.notFound("Recalled order " + orderId);
        }
    }
}
