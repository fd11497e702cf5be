package vn.ocop.catalog.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import vn.ocop.catalog.CatalogFixtures;
import vn.ocop.events.CloudEventHeaders;
import vn.ocop.events.EventCatalog;
import vn.ocop.events.EventCodec;
import vn.ocop.events.PlatformEvent;
import vn.ocop.events.Topics;
import vn.ocop.events.catalog.StockRejected;
import vn.ocop.events.catalog.StockReleased;
import vn.ocop.events.catalog.StockReserved;
import vn.ocop.events.catalog.StockShortage;
import vn.ocop.events.order.OrderCancelled;
import vn.ocop.events.order.OrderExpired;
import vn.ocop.events.order.OrderPlaced;
import vn.ocop.messaging.EventBatches;
import vn.ocop.messaging.Outbox;
import vn.ocop.servers.EmbeddedServers;
import vn.ocop.testing.DatabaseOutage;
import vn.ocop.testing.KafkaRecords;
import vn.ocop.testing.Metrics;
import vn.ocop.testing.ServiceIntegrationTest;
import vn.ocop.testing.TestTokens;

/**
 * The catalogue's half of the order saga on the real servers: orders arrive as OrderPlaced on
 * Kafka (as order-service publishes them), and the answers are read back from the stock topic.
 */
@ServiceIntegrationTest
class StockReservationIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    @Autowired
    StockReservations reservations;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Outbox outbox;

    @Autowired
    JdbcClient jdbc;

    private CatalogFixtures catalog;
    private Metrics metrics;
    private final KafkaRecords kafka =
            new KafkaRecords(EmbeddedServers.shared().addresses().kafkaBootstrapServers());

    @BeforeEach
    void setUp() {
        catalog = new CatalogFixtures(port);
        metrics = new Metrics(port);
    }

    @Test
    void reservesEveryLineOfAnOrderAndAReplayTakesNothingMore() {
        var producer = catalog.producer("HTX Trà Hoa Vàng Đặt Hàng (sample data)");
        var tea = catalog.listed(producer, "Trà hoa vàng hộp 100 g (sample data)", "BEVERAGES", 450_000, 5);
        var oil = catalog.listed(producer, "Dầu sở chai 250 ml (sample data)", "FOOD", 180_000, 3);
        var order = placed(producer, line(tea, 2), line(oil, 3));

        kafka.publish(order);

        var reserved = (StockReserved) answer(order.orderId(), 1).getFirst();
        assertThat(reserved.lines())
                .containsExactlyInAnyOrder(new StockReserved.Line(tea, 2), new StockReserved.Line(oil, 3));
        assertThat(stock(tea)).isEqualTo(3);
        assertThat(stock(oil)).isZero();

        kafka.publish(order); // the same event delivered twice
        kafka.publish(placedAgain(order)); // the same order under a new event id
        kafka.publish(cancelled(order)); // same key, so it is handled after both replays

        var answers = answer(order.orderId(), 2);
        assertThat(answers).hasSize(2);
        assertThat(answers.get(1)).isInstanceOf(StockReleased.class);
        assertThat(((StockReleased) answers.get(1)).reason()).isEqualTo("ORDER_CANCELLED");
        assertThat(stock(tea)).as("taken once, released once").isEqualTo(5);
        assertThat(stock(oil)).isEqualTo(3);
    }

    @Test
    void aCountReadBeforeAnOrderTookUnitsIsRefusedAndADeliveryAddsToWhatIsLeft() {
        var producer = catalog.producer("HTX Kiểm Kho (sample data)");
        var honey = catalog.listed(producer, "Mật ong Ba Chẽ 500 ml (sample data)", "FOOD", 250_000, 10);
        var token = TestTokens.producer(producer);
        var stockPath = "/api/products/" + honey + "/stock";
        // The producer has read 10 in stock; a shopper's order takes 3 before the producer's count arrives.
        var order = placed(producer, line(honey, 3));
        kafka.publish(order);
        assertThat(answer(order.orderId(), 1).getFirst()).isInstanceOf(StockReserved.class);

        var stale = catalog.http().put(stockPath, token, Map.of("stock", 25, "expectedStock", 10));
        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.json().get("type").asString()).endsWith(":stock-changed");
        assertThat(stale.json().get("stock").asInt()).isEqualTo(7);
        assertThat(stock(honey)).as("the order's 3 units stay taken").isEqualTo(7);

        var delivered = catalog.http().post(stockPath + "/adjustments", token, Map.of("change", 15));
        assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
        assertThat(delivered.json().get("stock").asInt()).isEqualTo(22);

        var tooMany = catalog.http().post(stockPath + "/adjustments", token, Map.of("change", -23));
        assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(409);
        assertThat(tooMany.json().get("type").asString()).endsWith(":stock-insufficient");
        assertThat(tooMany.json().get("stock").asInt()).isEqualTo(22);

        var counted = catalog.http().put(stockPath, token, Map.of("stock", 20, "expectedStock", 22));
        assertThat(counted.status()).as(counted.body()).isEqualTo(200);
        assertThat(counted.json().get("stock").asInt()).isEqualTo(20);

        assertThat(refusedField(catalog.http().post(stockPath + "/adjustments", token, Map.of())))
                .isEqualTo("change");
        assertThat(refusedField(catalog.http().post(stockPath + "/adjustments", token, Map.of("change", 0))))
                .isEqualTo("change");
        assertThat(refusedField(catalog.http().post(stockPath + "/adjustments", token, Map.of("change", "many"))))
                .isEqualTo("change");
        assertThat(refusedField(catalog.http().post(stockPath + "/adjustments", token, Map.of("change", 9_999_990))))
                .isEqualTo("change");
        assertThat(refusedField(catalog.http().put(stockPath, token, Map.of("stock", 5, "expectedStock", -1))))
                .isEqualTo("expectedStock");
        var other = catalog.producer("HTX Kho Khác (sample data)");
        assertThat(catalog.http()
                        .post(stockPath + "/adjustments", TestTokens.producer(other), Map.of("change", 5))
                        .status())
                .isEqualTo(403);
        assertThat(stock(honey)).as("no refused change took anything").isEqualTo(20);
        // Units that orders give back are not capped: a write-off from above the maximum still goes through.
        jdbc.sql("update product set stock = 10000005 where id = ?")
                .param(honey)
                .update();
        var writtenOff = catalog.http().post(stockPath + "/adjustments", token, Map.of("change", -10));
        assertThat(writtenOff.status()).as(writtenOff.body()).isEqualTo(200);
        assertThat(writtenOff.json().get("stock").asInt()).isEqualTo(9_999_995);
    }

    /** The field a 400 problem names. */
    private static String refusedField(vn.ocop.testing.Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        return response.json().path("errors").get(0).path("field").asString();
    }

    @Test
    void rejectsTheWholeOrderWhenOneLineIsShortAndTakesNothing() {
        var producer = catalog.producer("HTX Miến Dong Thiếu Hàng (sample data)");
        var noodles = catalog.listed(producer, "Miến dong Bình Liêu 500 g (sample data)", "FOOD", 90_000, 5);
        var wine = catalog.listed(producer, "Rượu ba kích 500 ml (sample data)", "BEVERAGES", 350_000, 1);
        var order = placed(producer, line(noodles, 2), line(wine, 3));

        kafka.publish(order);

        var rejected = (StockRejected) answer(order.orderId(), 1).getFirst();
        assertThat(rejected.shortages()).containsExactly(new StockShortage(wine, 3, 1, "SHORT"));
        assertThat(stock(noodles)).as("nothing taken").isEqualTo(5);
        assertThat(stock(wine)).isEqualTo(1);
    }

    @Test
    void rejectsAProductThatIsNoLongerForSale() {
        var producer = catalog.producer("HTX Ngừng Bán (sample data)");
        var squid = catalog.listed(producer, "Chả mực Hạ Long 500 g (sample data)", "FOOD", 320_000, 5);
        var response = catalog.http()
                .delete("/api/products/" + squid + "/listing", vn.ocop.testing.TestTokens.producer(producer));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        var order = placed(producer, line(squid, 1));

        kafka.publish(order);

        var rejected = (StockRejected) answer(order.orderId(), 1).getFirst();
        assertThat(rejected.shortages()).containsExactly(new StockShortage(squid, 1, 0, "NOT_FOR_SALE"));
    }

    @Test
    void aListingWhoseCertificateExpiredYesterdayIsNotForSaleBeforeTheSweepUnlessARenewalCoversIt() {
        var producer = catalog.producer("HTX Quá Nửa Đêm (sample data)");
        var fishSauce = catalog.listed(producer, "Nước mắm Cái Rồng 500 ml (sample data)", "FOOD", 95_000, 5);
        var renewed = catalog.listed(producer, "Mực khô Cô Tô 200 g (sample data)", "FOOD", 450_000, 5);
        var today = java.time.LocalDate.now(vn.ocop.catalog.product.Products.VIETNAM);
        // The renewal, recorded before the first certificate lapsed: the product stays listed under the first.
        catalog.certificate(producer, 3, today.minusDays(10), today.plusYears(3), renewed);
        // Past midnight, before the hourly sweep: the certificates they are listed under ended yesterday.
        jdbc.sql(
                        """
                update certificate set recognised_on = current_date - 400, expires_on = current_date - 1
                where id in (select certificate_id from product where id in (?, ?))
                """)
                .params(fishSauce, renewed)
                .update();
        assertThat(jdbc.sql("select count(*) from product where id in (?, ?) and status = 'LISTED'")
                        .params(fishSauce, renewed)
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);

        assertThat(catalog.http().get("/api/products/" + fishSauce, null).status())
                .as("the product page")
                .isEqualTo(404);
        assertThat(catalog.http().get("/api/products/" + renewed, null).status())
                .as("the renewed product's page")
                .isEqualTo(200);
        var order = placed(producer, line(fishSauce, 1));
        kafka.publish(order);
        var rejected = (StockRejected) answer(order.orderId(), 1).getFirst();
        assertThat(rejected.shortages()).containsExactly(new StockShortage(fishSauce, 1, 0, "NOT_FOR_SALE"));
        var forRenewed = placed(producer, line(renewed, 1));
        kafka.publish(forRenewed);
        assertThat(answer(forRenewed.orderId(), 1).getFirst()).isInstanceOf(StockReserved.class);
        assertThat(jdbc.sql("select stock from product where id = ?")
                        .param(fishSauce)
                        .query(Integer.class)
                        .single())
                .isEqualTo(5);
    }

    @Test
    void anExpiredOrderReleasesItsStockOnce() {
        var producer = catalog.producer("HTX Hết Hạn Thanh Toán (sample data)");
        var oysters = catalog.listed(producer, "Hàu Vân Đồn 1 kg (sample data)", "FOOD", 120_000, 4);
        var order = placed(producer, line(oysters, 4));
        kafka.publish(order);
        assertThat(answer(order.orderId(), 1).getFirst()).isInstanceOf(StockReserved.class);
        assertThat(stock(oysters)).isZero();

        var expired = new OrderExpired(
                UUID.randomUUID(),
                Instant.now(),
                order.orderId(),
                3,
                order.checkoutId(),
                "shopper",
                producer,
                "CONFIRMED");
        kafka.publish(expired);
        kafka.publish(expired);
        kafka.publish(cancelled(order)); // a cancellation after expiry releases nothing more

        var released = (StockReleased) answer(order.orderId(), 2).get(1);
        assertThat(released.reason()).isEqualTo("ORDER_EXPIRED");
        assertThat(released.lines()).containsExactly(new StockReserved.Line(oysters, 4));
        awaitStock(oysters, 4);
        assertThat(answer(order.orderId(), 2)).hasSize(2);
    }

    @Test
    void anOrderWhoseProductWasDeletedSinceIsStillReleased() {
        var producer = catalog.producer("HTX Xoá Sản Phẩm (sample data)");
        var gone = catalog.listed(producer, "Rượu ba kích (sample data)", "BEVERAGES", 300_000, 3);
        var kept = catalog.listed(producer, "Chè Đông Triều (sample data)", "BEVERAGES", 80_000, 5);
        var order = placed(producer, line(gone, 1), line(kept, 2));
        kafka.publish(order);
        assertThat(answer(order.orderId(), 1).getFirst()).isInstanceOf(StockReserved.class);
        var token = TestTokens.producer(producer);
        assertThat(catalog.http()
                        .delete("/api/products/" + gone + "/listing", token)
                        .status())
                .isEqualTo(200);
        assertThat(catalog.http().delete("/api/products/" + gone, token).status())
                .isEqualTo(204);
        double deadBefore = deadLetters();

        kafka.publish(cancelled(order));

        var released = (StockReleased) answer(order.orderId(), 2).get(1);
        assertThat(released.lines())
                .containsExactlyInAnyOrder(new StockReserved.Line(gone, 1), new StockReserved.Line(kept, 2));
        awaitStock(kept, 5);
        assertThat(deadLetters()).isEqualTo(deadBefore);
    }

    @Test
    void twentyOrdersForTenUnitsConfirmExactlyTenAndStockEndsAtZero() throws Exception {
        var producer = catalog.producer("HTX Sá Sùng Cháy Hàng (sample data)");
        var worm = catalog.listed(producer, "Sá sùng khô Vân Đồn 100 g (sample data)", "FOOD", 900_000, 10);
        var orders = new ArrayList<OrderPlaced>();
        for (int i = 0; i < 20; i++) {
            orders.add(placed(producer, line(worm, 1)));
        }

        try (var pool = Executors.newFixedThreadPool(8)) {
            for (var order : orders) {
                pool.submit(() -> kafka.publish(order));
            }
        }

        var ids = orders.stream().map(o -> o.orderId().toString()).toList();
        var answers = kafka.await(Topics.CATALOG_STOCK, r -> ids.contains(r.key()), 20, WAIT).stream()
                .map(StockReservationIntegrationTests::event)
                .toList();
        assertThat(answers).hasSize(20);
        assertThat(answers.stream().filter(StockReserved.class::isInstance)).hasSize(10);
        assertThat(answers.stream().filter(StockRejected.class::isInstance)).hasSize(10);
        assertThat(stock(worm)).isZero();
        var stockChanges = kafka
                .await(
                        Topics.CATALOG_PRODUCTS,
                        r -> worm.toString().equals(r.key())
                                && "vn.ocop.catalog.StockChanged.v1"
                                        .equals(KafkaRecords.header(r, CloudEventHeaders.TYPE)),
                        1,
                        WAIT)
                .stream()
                .map(r -> (vn.ocop.events.catalog.StockChanged) event(r))
                .toList();
        assertThat(stockChanges)
                .as("reservations raise StockChanged only when the product sells out")
                .singleElement()
                .satisfies(change -> {
                    assertThat(change.product().stock()).isZero();
                    // the stock before the batch of orders that sold it out
                    assertThat(change.previousStock()).isBetween(1, 10);
                });
    }

    @Test
    void aBatchIsDecidedInTheOrderItsEventsArrived() {
        var producer = catalog.producer("HTX Chả Mực Theo Lô (sample data)");
        var squidCake = catalog.listed(producer, "Chả mực Hạ Long 500 g (sample data)", "FOOD", 250_000, 5);
        var first = placed(producer, line(squidCake, 3));
        var second = placed(producer, line(squidCake, 3));
        var third = placed(producer, line(squidCake, 4));
        var neverReserved = placed(producer, line(squidCake, 1));

        transactions.executeWithoutResult(status -> reservations.settle(
                Stream.of(first, second, cancelled(first), third, cancelled(neverReserved), neverReserved, first)
                        .map(event -> new EventBatches.Incoming(event, null))
                        .toList()));

        assertThat(answer(first.orderId(), 2))
                .as("reserved, then released by its cancellation; its repeat is already decided")
                .satisfiesExactly(
                        reserved -> assertThat(reserved).isInstanceOf(StockReserved.class),
                        released -> assertThat(((StockReleased) released).lines())
                                .containsExactly(new StockReserved.Line(squidCake, 3)));
        assertThat(answer(second.orderId(), 1))
                .as("short while the first order held three of five")
                .singleElement()
                .satisfies(rejected -> assertThat(((StockRejected) rejected).shortages())
                        .containsExactly(new StockShortage(squidCake, 3, 2, "SHORT")));
        assertThat(answer(third.orderId(), 1))
                .as("reserved from the stock the cancellation put back")
                .singleElement()
                .isInstanceOf(StockReserved.class);
        assertThat(answersWithin(Duration.ofSeconds(2), neverReserved.orderId()))
                .as("cancelled before it was placed: never reserved, no answer")
                .isEmpty();
        assertThat(stock(squidCake)).isEqualTo(1);
    }

    @Test
    void eventsOfAnInnerTransactionCommitWithItAndNotWithTheOuterOne() {
        var outer = new StockReleased(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), 2, List.of(), "OUTER");
        var inner = new StockReleased(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), 2, List.of(), "INNER");
        var requiresNew = new TransactionTemplate(transactions.getTransactionManager());
        requiresNew.setPropagationBehavior(
                org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);

        transactions.executeWithoutResult(status -> {
            outbox.append(outer);
            requiresNew.executeWithoutResult(innerStatus -> outbox.append(inner));
            status.setRollbackOnly();
        });

        assertThat(answer(inner.orderId(), 1))
                .singleElement()
                .satisfies(event -> assertThat(((StockReleased) event).reason()).isEqualTo("INNER"));
        assertThat(answersWithin(Duration.ofSeconds(2), outer.orderId()))
                .as("rolled back with the outer transaction")
                .isEmpty();
    }

    @Test
    void anUnreadableOrderRecordGoesToTheDeadLetterTopicAndTheOrdersAroundItAreSettled() {
        var producer = catalog.producer("HTX Bản Tin Hỏng (sample data)");
        var honey = catalog.listed(producer, "Mật ong rừng Bình Liêu 500 ml (sample data)", "FOOD", 300_000, 6);
        var before = placed(producer, line(honey, 2));
        var after = placed(producer, line(honey, 3));
        var key = UUID.randomUUID().toString();
        var deadLettered = deadLetters();

        kafka.publish(before);
        kafka.send(
                Topics.ORDERS,
                key,
                "{not json",
                Map.of(CloudEventHeaders.TYPE, EventCatalog.typeOf(OrderPlaced.class)));
        kafka.publish(after);

        assertThat(answer(before.orderId(), 1).getFirst()).isInstanceOf(StockReserved.class);
        assertThat(answer(after.orderId(), 1).getFirst()).isInstanceOf(StockReserved.class);
        assertThat(kafka.await(Topics.deadLetter(Topics.ORDERS), r -> key.equals(r.key()), 1, WAIT))
                .extracting(ConsumerRecord::value)
                .containsExactly("{not json");
        assertThat(stock(honey)).isEqualTo(1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(deadLetters())
                .as("counted for monitoring")
                .isGreaterThanOrEqualTo(deadLettered + 1));
    }

    @Test
    void anOrderPlacedWhileTheDatabaseIsAwayIsReservedOnceItIsBackAndNeverDeadLettered() {
        var producer = catalog.producer("HTX Mất Kết Nối (sample data)");
        var jam = catalog.listed(producer, "Mứt gừng Hoành Bồ (sample data)", "FOOD", 120_000, 4);
        var order = placed(producer, line(jam, 3));
        var database = jdbc.sql("select current_database()").query(String.class).single();
        var outageTries = metrics.value("ocop_consumer_outage_tries_total", Map.of("topic", Topics.ORDERS));

        try (var away = DatabaseOutage.of(EmbeddedServers.shared().addresses(), database)) {
            kafka.publish(order);
            // Longer than a bad record's tries (three, each waiting up to 3 s for a connection, 500 ms apart):
            // had the consumer taken the outage for the record's fault, the order would be dead-lettered by now.
            assertThat(kafka.await(
                            Topics.deadLetter(Topics.ORDERS),
                            r -> order.orderId().toString().equals(r.key()),
                            1,
                            Duration.ofSeconds(12)))
                    .isEmpty();
            // Monitoring sees the consumer waiting, for about as long as the database has been away.
            assertThat(metrics.value("ocop_consumer_outage_wait_seconds", Map.of()))
                    .isGreaterThan(5.0);
            assertThat(metrics.value("ocop_consumer_outage_tries_total", Map.of("topic", Topics.ORDERS)))
                    .isGreaterThanOrEqualTo(outageTries + 2);
        }

        var reserved = (StockReserved) answer(order.orderId(), 1).getFirst();
        assertThat(reserved.lines()).containsExactly(new StockReserved.Line(jam, 3));
        assertThat(stock(jam)).isEqualTo(1);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(metrics.value("ocop_consumer_outage_wait_seconds", Map.of()))
                        .as("nothing waits once the order got through")
                        .isZero());
        assertThat(kafka.readAll(
                        Topics.deadLetter(Topics.ORDERS),
                        r -> order.orderId().toString().equals(r.key())))
                .isEmpty();
    }

    private double deadLetters() {
        return metrics.value("ocop_consumer_dead_letters_total", Map.of("topic", Topics.ORDERS));
    }

    /** The records the stock topic holds for {@code order} after waiting {@code wait} for one. */
    private List<ConsumerRecord<String, String>> answersWithin(Duration wait, UUID order) {
        return kafka.await(Topics.CATALOG_STOCK, r -> order.toString().equals(r.key()), 1, wait);
    }

    private List<PlatformEvent> answer(UUID order, int count) {
        return kafka.await(Topics.CATALOG_STOCK, r -> order.toString().equals(r.key()), count, WAIT).stream()
                .map(StockReservationIntegrationTests::event)
                .toList();
    }

    private static PlatformEvent event(ConsumerRecord<String, String> record) {
        return EventCodec.read(KafkaRecords.header(record, CloudEventHeaders.TYPE), record.value());
    }

    private int stock(UUID product) {
        var response = catalog.http().get("/api/products/" + product, null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("stock").asInt();
    }

    private void awaitStock(UUID product, int expected) {
        org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(stock(product))
                .isEqualTo(expected));
    }

    private static OrderPlaced.Line line(UUID product, int quantity) {
        return new OrderPlaced.Line(product, "sample line", 100_000, quantity);
    }

    private static OrderPlaced placed(UUID producer, OrderPlaced.Line... lines) {
        long total = java.util.Arrays.stream(lines)
                .mapToLong(l -> l.unitPriceVnd() * l.quantity())
                .sum();
        return new OrderPlaced(
                UUID.randomUUID(),
                Instant.now(),
                UUID.randomUUID(),
                1,
                UUID.randomUUID(),
                "shopper-" + UUID.randomUUID(),
                producer,
                List.of(lines),
                total,
                new OrderPlaced.Destination("Quảng Ninh", "phường Hạ Long"));
    }

    private static OrderPlaced placedAgain(OrderPlaced order) {
        return new OrderPlaced(
                UUID.randomUUID(),
                order.occurredAt(),
                order.orderId(),
                order.orderVersion(),
                order.checkoutId(),
                order.shopper(),
                order.producerId(),
                order.lines(),
                order.totalVnd(),
                order.destination());
    }

    private static OrderCancelled cancelled(OrderPlaced order) {
        return new OrderCancelled(
                UUID.randomUUID(),
                Instant.now(),
                order.orderId(),
                3,
                order.checkoutId(),
                order.shopper(),
                order.producerId(),
                "SHOPPER",
                "changed my mind (sample data)",
                "CONFIRMED",
                0);
    }
}
