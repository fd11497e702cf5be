package vn.ocop.order.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
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
import vn.ocop.events.order.OrderConfirmed;
import vn.ocop.events.order.OrderDelivered;
import vn.ocop.events.order.OrderExpired;
import vn.ocop.events.order.OrderPaid;
import vn.ocop.events.order.OrderShipped;
import vn.ocop.messaging.EventBatches;
import vn.ocop.order.OrderServiceTest;
import vn.ocop.order.TestClock;
import vn.ocop.order.catalogue.ProductCopies;
import vn.ocop.order.payment.PaymentProperties;
import vn.ocop.order.payment.Payments;
import vn.ocop.order.payment.VietQr;
import vn.ocop.qr.QrCodes;
import vn.ocop.servers.EmbeddedServers;
import vn.ocop.testing.CatalogueEvents;
import vn.ocop.testing.Http;
import vn.ocop.testing.KafkaRecords;
import vn.ocop.testing.TestTokens;

/**
 * An order's life on the real servers, with the catalogue's answers published on Kafka as
 * catalog-service publishes them, and time moved by a test clock.
 */
@OrderServiceTest
class OrderLifecycleIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    @Autowired
    ProductCopies products;

    @Autowired
    OrderSweep sweep;

    @Autowired
    PaymentProperties payment;

    @Autowired
    TestClock clock;

    @Autowired
    Orders orders;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Payments payments;

    @Autowired
    JdbcClient jdbc;

    private final KafkaRecords kafka =
            new KafkaRecords(EmbeddedServers.shared().addresses().kafkaBootstrapServers());

    @Test
    void stockReservedConfirmsTheOrderOnceEvenWhenReplayed() {
        var producer = UUID.randomUUID();
        var checkout = place(TestTokens.shopper(), line(listed(producer, "Trà hoa vàng (sample data)", 450_000), 2));
        var order = orderIds(checkout).getFirst();
        var reserved = reserved(order);

        kafka.publish(reserved);

        awaitState(order, "CONFIRMED");
        var confirmed = (OrderConfirmed) events(order, OrderConfirmed.class, 1).getFirst();
        assertThat(confirmed.totalVnd()).isEqualTo(900_000);
        kafka.publish(reserved);
        kafka.publish(released(order)); // same key: handled after the replay
        await().atMost(WAIT)
                .until(() ->
                        !order(order, TestTokens.admin()).get("stockReleasedAt").isNull());
        assertThat(states(order(order, TestTokens.admin()))).containsExactly("PLACED", "CONFIRMED");
    }

    @Test
    void aBatchOfAnswersIsAppliedInOrderAndItsEventsContinueTheirCausesTraces() {
        var product = listed(UUID.randomUUID(), "Miến dong Bình Liêu (sample data)", 60_000);
        var confirmedFirst =
                orderIds(place(TestTokens.shopper(), line(product, 1))).getFirst();
        var rejectedFirst =
                orderIds(place(TestTokens.shopper(), line(product, 2))).getFirst();
        var trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        var cause = "00-" + trace + "-00f067aa0ba902b7-01";
        var shortage = List.of(new StockShortage(product, 2, 1, "SHORT"));

        transactions.executeWithoutResult(status -> orders.settle(List.of(
                new EventBatches.Incoming(reserved(confirmedFirst), cause),
                new EventBatches.Incoming(
                        new StockRejected(UUID.randomUUID(), Instant.now(), rejectedFirst, 1, shortage), null),
                new EventBatches.Incoming(
                        new StockRejected(UUID.randomUUID(), Instant.now(), confirmedFirst, 1, shortage), null),
                new EventBatches.Incoming(reserved(rejectedFirst), null),
                new EventBatches.Incoming(released(confirmedFirst), null))));

        var confirmed = order(confirmedFirst, TestTokens.admin());
        assertThat(confirmed.get("state").asString()).isEqualTo("CONFIRMED");
        assertThat(confirmed.get("version").asLong()).isEqualTo(2);
        assertThat(states(confirmed)).containsExactly("PLACED", "CONFIRMED");
        assertThat(confirmed.get("shortages")).isEmpty();
        assertThat(confirmed.get("stockReleasedAt").isNull()).isFalse();
        var rejected = order(rejectedFirst, TestTokens.admin());
        assertThat(rejected.get("state").asString()).isEqualTo("REJECTED");
        assertThat(states(rejected)).containsExactly("PLACED", "REJECTED");
        assertThat(rejected.get("shortages").get(0).get("available").asInt()).isEqualTo(1);

        var record = kafka.await(
                        Topics.ORDERS,
                        r -> confirmedFirst.toString().equals(r.key())
                                && EventCatalog.typeOf(OrderConfirmed.class)
                                        .equals(KafkaRecords.header(r, CloudEventHeaders.TYPE)),
                        1,
                        WAIT)
                .getFirst();
        assertThat(((OrderConfirmed) EventCodec.read(EventCatalog.typeOf(OrderConfirmed.class), record.value()))
                        .orderVersion())
                .isEqualTo(2);
        assertThat(KafkaRecords.header(record, CloudEventHeaders.TRACEPARENT)).isEqualTo(cause);
    }

    @Test
    void stockRejectedRejectsTheOrderNamingTheShortLines() {
        var product = listed(UUID.randomUUID(), "Rượu ba kích (sample data)", 350_000);
        var order = orderIds(place(TestTokens.shopper(), line(product, 5))).getFirst();

        kafka.publish(new StockRejected(
                UUID.randomUUID(), Instant.now(), order, 1, List.of(new StockShortage(product, 5, 2, "SHORT"))));

        awaitState(order, "REJECTED");
        var view = order(order, TestTokens.shopper());
        assertThat(view.get("shortages").get(0).get("available").asInt()).isEqualTo(2);
        assertThat(view.get("shortages").get(0).get("productId").asString()).isEqualTo(product.toString());
    }

    @Test
    void aCheckoutIsPaidOnceByASignedNotificationOfTheRightAmount() throws Exception {
        var tea = listed(UUID.randomUUID(), "Trà hoa vàng (sample data)", 450_000);
        var oil = listed(UUID.randomUUID(), "Dầu sở (sample data)", 320_000);
        var checkout = place(TestTokens.shopper(), line(tea, 1), line(oil, 2));
        var orders = orderIds(checkout);
        var checkoutId = checkout.get("id").asString();
        var http = new Http(port);

        var early = http.get("/api/checkouts/" + checkoutId + "/payment", TestTokens.shopper());
        assertThat(early.status()).as("no code before the stock is reserved").isEqualTo(409);
        assertThat(early.json().get("state").asString()).isEqualTo("PLACED");

        orders.forEach(order -> kafka.publish(reserved(order)));
        orders.forEach(order -> awaitState(order, "CONFIRMED"));
        var offer = http.get("/api/checkouts/" + checkoutId + "/payment", TestTokens.shopper());
        assertThat(offer.status()).as(offer.body()).isEqualTo(200);
        var reference = checkout.get("paymentReference").asString();
        assertThat(reference).matches("OCOP[0-9A-HJKMNP-TV-Z]{8}");
        assertThat(offer.json().get("amountVnd").asLong()).isEqualTo(450_000 + 2 * 320_000);
        var placedAt = Instant.parse(
                order(orders.getFirst(), TestTokens.admin()).get("placedAt").asString());
        assertThat(Instant.parse(offer.json().get("payBy").asString()))
                .as("when the orders expire unpaid")
                .isEqualTo(placedAt.plus(Duration.ofMinutes(30)));
        var payload = offer.json().get("payload").asString();
        assertThat(payload)
                .isEqualTo(VietQr.payload(payment.bankBin(), payment.accountNumber(), 1_090_000, reference))
                .contains("5407" + "1090000")
                .contains("0812" + reference);
        assertThat(payload.substring(payload.length() - 4))
                .isEqualTo(VietQr.crc16(payload.substring(0, payload.length() - 4)));
        var png = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/checkouts/" + checkoutId
                                        + "/payment/qr.png"))
                                .header("Authorization", "Bearer " + TestTokens.shopper())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(QrCodes.decode(ImageIO.read(new ByteArrayInputStream(png.body()))))
                .contains(payload);

        var forged = notify(
                Map.of("transactionId", "FT-FORGED-" + reference, "amountVnd", 1_090_000, "reference", reference),
                "wrong-secret-wrong-secret");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("X-Signature");

        var wrongAmount = notify(
                Map.of(
                        "transactionId",
                        "FT-SHORT-" + reference,
                        "amountVnd",
                        1_000_000,
                        "reference",
                        "CT " + reference + " thanh toan"),
                payment.notificationSecret());
        assertThat(wrongAmount.statusCode()).as(wrongAmount.body()).isEqualTo(200);
        assertThat(wrongAmount.body()).contains("AMOUNT_MISMATCH");
        orders.forEach(order -> assertThat(
                        order(order, TestTokens.admin()).get("state").asString())
                .isEqualTo("CONFIRMED"));
        var flagged =
                http.get("/api/admin/payments?flagged=true", TestTokens.admin()).body();
        assertThat(flagged).contains("FT-SHORT-" + reference).doesNotContain("FT-FORGED-" + reference);
        assertThat(http.get("/api/admin/payments", TestTokens.shopper()).status())
                .isEqualTo(403);

        var right = Map.<String, Object>of(
                "transactionId",
                "FT-OK-" + reference,
                "amountVnd",
                1_090_000,
                "reference",
                "MBVCB.123 " + reference.toLowerCase());
        var paid = notify(right, payment.notificationSecret());
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        assertThat(paid.body()).contains("\"outcome\":\"PAID\"");
        orders.forEach(order -> assertThat(
                        order(order, TestTokens.shopper()).get("state").asString())
                .isEqualTo("PAID"));
        var paidEvents = orders.stream()
                .map(order -> (OrderPaid) events(order, OrderPaid.class, 1).getFirst())
                .toList();
        assertThat(paidEvents)
                .allSatisfy(event -> assertThat(event.transactionId()).isEqualTo("FT-OK-" + reference));

        var again = notify(right, payment.notificationSecret());
        assertThat(again.body()).contains("\"outcome\":\"DUPLICATE\"");
        orders.forEach(order ->
                assertThat(states(order(order, TestTokens.admin()))).containsExactly("PLACED", "CONFIRMED", "PAID"));
        var settled = http.get("/api/checkouts/" + checkoutId + "/payment", TestTokens.shopper())
                .json();
        assertThat(settled.get("status").asString()).isEqualTo("PAID");
        assertThat(settled.get("payBy").isNull()).isTrue();
    }

    @Test
    void ordersMoveOnlyAlongTheLifecycleAndAnIllegalMoveNamesTheState() throws Exception {
        var producer = UUID.randomUUID();
        var order = orderIds(place(
                        TestTokens.shopper(), line(listed(producer, "Chả mực Hạ Long (sample data)", 320_000), 1)))
                .getFirst();
        kafka.publish(reserved(order));
        awaitState(order, "CONFIRMED");
        var http = new Http(port);
        var owner = TestTokens.producer(producer);
        var shipment = Map.of("packageSerials", List.of("7QK2M9XD4WBT6RZC8HNA", "P3V8TGE2KJ6YQ9FD5XWM"));

        var deliveredTooSoon = http.post("/api/orders/" + order + "/delivery", TestTokens.shopper(), "");
        assertThat(deliveredTooSoon.status()).isEqualTo(409);
        assertThat(deliveredTooSoon.json().get("state").asString()).isEqualTo("CONFIRMED");
        var unpaidShipment = http.post("/api/orders/" + order + "/shipment", owner, shipment);
        assertThat(unpaidShipment.status()).isEqualTo(409);
        assertThat(unpaidShipment.json().get("detail").asString()).contains("CONFIRMED");

        pay(order);
        assertThat(http.post("/api/orders/" + order + "/shipment", TestTokens.producer(UUID.randomUUID()), shipment)
                        .status())
                .as("another producer's order is not found")
                .isEqualTo(404);
        var badSerial =
                http.post("/api/orders/" + order + "/shipment", owner, Map.of("packageSerials", List.of("ẢNH-SAI")));
        assertThat(badSerial.status()).isEqualTo(400);
        assertThat(badSerial.body()).contains("packageSerials[0]");
        var shipped = http.post("/api/orders/" + order + "/shipment", owner, shipment);
        assertThat(shipped.status()).as(shipped.body()).isEqualTo(200);
        assertThat(((OrderShipped) events(order, OrderShipped.class, 1).getFirst()).packageSerials())
                .containsExactly("7QK2M9XD4WBT6RZC8HNA", "P3V8TGE2KJ6YQ9FD5XWM");

        var lateCancel =
                http.post("/api/orders/" + order + "/cancellation", TestTokens.shopper(), Map.of("reason", "muộn"));
        assertThat(lateCancel.status()).isEqualTo(409);
        assertThat(lateCancel.json().get("state").asString()).isEqualTo("SHIPPED");
        assertThat(http.post(
                                "/api/orders/" + order + "/delivery",
                                TestTokens.token("another-shopper", List.of("SHOPPER"), null, Duration.ofMinutes(5)),
                                "")
                        .status())
                .isEqualTo(404);

        var delivered = http.post("/api/orders/" + order + "/delivery", TestTokens.shopper(), "");
        assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
        assertThat(((OrderDelivered) events(order, OrderDelivered.class, 1).getFirst()).assumed())
                .isFalse();
        var history = delivered.json().get("history");
        assertThat(states(delivered.json())).containsExactly("PLACED", "CONFIRMED", "PAID", "SHIPPED", "DELIVERED");
        for (int i = 1; i < history.size(); i++) {
            assertThat(Instant.parse(history.get(i).get("at").asString()))
                    .isAfterOrEqualTo(Instant.parse(history.get(i - 1).get("at").asString()));
        }
    }

    @Test
    void theShopperOrTheProducerCancelsBeforeShipping() {
        var producer = UUID.randomUUID();
        var product = listed(producer, "Miến dong Bình Liêu (sample data)", 70_000);
        var byShopper = orderIds(place(TestTokens.shopper(), line(product, 1))).getFirst();
        var byProducer = orderIds(place(TestTokens.shopper(), line(product, 2))).getFirst();
        kafka.publish(reserved(byShopper));
        kafka.publish(reserved(byProducer));
        awaitState(byShopper, "CONFIRMED");
        awaitState(byProducer, "CONFIRMED");
        var http = new Http(port);

        var cancelled = http.post(
                "/api/orders/" + byShopper + "/cancellation",
                TestTokens.shopper(),
                Map.of("reason", "Đặt nhầm (sample data)"));
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("state").asString()).isEqualTo("CANCELLED");
        var event = (OrderCancelled) events(byShopper, OrderCancelled.class, 1).getFirst();
        assertThat(event.cancelledBy()).isEqualTo("SHOPPER");
        assertThat(event.previousState()).isEqualTo("CONFIRMED");
        assertThat(event.refundDueVnd()).isZero();

        assertThat(http.post("/api/orders/" + byProducer + "/cancellation", TestTokens.producer(producer), "")
                        .status())
                .isEqualTo(200);
        assertThat(((OrderCancelled) events(byProducer, OrderCancelled.class, 1).getFirst()).cancelledBy())
                .isEqualTo("PRODUCER");
        assertThat(http.post("/api/orders/" + byProducer + "/cancellation", TestTokens.shopper(), "")
                        .json()
                        .get("state")
                        .asString())
                .as("cancelling twice is an illegal move")
                .isEqualTo("CANCELLED");
    }

    @Test
    void anUnpaidOrderExpiresAfterThePaymentWindowAndPaymentThenFindsNothingDue() throws Exception {
        var product = listed(UUID.randomUUID(), "Hàu Vân Đồn (sample data)", 120_000);
        var checkout = place(TestTokens.shopper(), line(product, 1));
        var order = orderIds(checkout).getFirst();
        kafka.publish(reserved(order));
        awaitState(order, "CONFIRMED");

        clock.advance(Duration.ofMinutes(29));
        sweep.run();
        assertThat(order(order, TestTokens.admin()).get("state").asString()).isEqualTo("CONFIRMED");

        clock.advance(Duration.ofMinutes(2));
        assertThat(sweep.run()).isPositive();
        assertThat(order(order, TestTokens.admin()).get("state").asString()).isEqualTo("EXPIRED");
        assertThat(((OrderExpired) events(order, OrderExpired.class, 1).getFirst()).previousState())
                .isEqualTo("CONFIRMED");

        var late = notify(
                Map.of(
                        "transactionId",
                        "FT-LATE-" + order,
                        "amountVnd",
                        120_000,
                        "reference",
                        checkout.get("paymentReference").asString()),
                payment.notificationSecret());
        assertThat(late.body()).contains("NOTHING_DUE");
        assertThat(order(order, TestTokens.admin()).get("state").asString()).isEqualTo("EXPIRED");
    }

    @Test
    void aShippedOrderIsTakenAsDeliveredOnceNobodyConfirmsIt() {
        var producer = UUID.randomUUID();
        var order = orderIds(
                        place(TestTokens.shopper(), line(listed(producer, "Gà Tiên Yên (sample data)", 250_000), 1)))
                .getFirst();
        kafka.publish(reserved(order));
        awaitState(order, "CONFIRMED");
        pay(order);
        assertThat(new Http(port)
                        .post(
                                "/api/orders/" + order + "/shipment",
                                TestTokens.producer(producer),
                                Map.of("packageSerials", List.of("GA0001")))
                        .status())
                .isEqualTo(200);

        clock.advance(Duration.ofDays(7).plusMinutes(1));
        sweep.run();

        assertThat(order(order, TestTokens.shopper()).get("state").asString()).isEqualTo("DELIVERED");
        assertThat(((OrderDelivered) events(order, OrderDelivered.class, 1).getFirst()).assumed())
                .isTrue();
    }

    @Test
    void eachSeesOnlyTheirOwnOrders() {
        var producer = UUID.randomUUID();
        var product = listed(producer, "Nước mắm Cái Rồng (sample data)", 150_000);
        var otherShopper =
                TestTokens.token("shopper-" + UUID.randomUUID(), List.of("SHOPPER"), null, Duration.ofMinutes(5));
        var mine = orderIds(place(TestTokens.shopper(), line(product, 1))).getFirst();
        var theirs = orderIds(place(otherShopper, line(product, 1))).getFirst();
        var http = new Http(port);

        assertThat(http.get("/api/orders/" + theirs, TestTokens.shopper()).status())
                .isEqualTo(404);
        var theirCheckouts = http.get("/api/checkouts", otherShopper).json();
        assertThat(theirCheckouts.size()).isEqualTo(1);
        assertThat(theirCheckouts.get(0).get("orders").get(0).get("id").asString())
                .isEqualTo(theirs.toString());
        assertThat(http.get("/api/checkouts/" + theirCheckouts.get(0).get("id").asString(), TestTokens.shopper())
                        .status())
                .isEqualTo(404);
        assertThat(http.get("/api/checkouts?size=0", otherShopper).status()).isEqualTo(400);
        var ownList = http.get("/api/orders?size=100", otherShopper).json();
        assertThat(ownList.get("total").asLong()).isEqualTo(1);
        assertThat(ownList.get("orders").get(0).get("id").asString()).isEqualTo(theirs.toString());
        var producerList = http.get("/api/orders?state=placed", TestTokens.producer(producer))
                .json();
        assertThat(producerList.get("orders").findValuesAsString("id"))
                .containsExactlyInAnyOrder(mine.toString(), theirs.toString());
        assertThat(http.get("/api/orders", TestTokens.producer(UUID.randomUUID()))
                        .json()
                        .get("total")
                        .asLong())
                .isZero();
        var admin = http.get("/api/orders?state=PLACED&size=100", TestTokens.admin())
                .json();
        assertThat(admin.get("orders").findValuesAsString("state")).containsOnly("PLACED");
        var badState = http.get("/api/orders?state=LOST", TestTokens.admin());
        assertThat(badState.status()).isEqualTo(400);
        assertThat(badState.json().get("field").asString()).isEqualTo("state");
        assertThat(http.get("/api/orders?size=500", TestTokens.admin())
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("size");
    }

    @Test
    void aRecalledBatchMarksTheOrdersItReachedForTheOffice() {
        var producer = UUID.randomUUID();
        var order = orderIds(
                        place(TestTokens.shopper(), line(listed(producer, "Trà hoa vàng (sample data)", 450_000), 1)))
                .getFirst();
        var recalled = new vn.ocop.events.trace.BatchRecalled(
                UUID.randomUUID(),
                Instant.now(),
                UUID.randomUUID(),
                2,
                UUID.randomUUID(),
                producer,
                "08930000010018",
                "THV-2026-05",
                "Độ ẩm vượt ngưỡng (sample data)",
                List.of(order, UUID.randomUUID()));
        var http = new Http(port);

        kafka.publish(recalled);
        kafka.publish(recalled);

        await().atMost(WAIT).until(() -> http.get("/api/admin/recalls", TestTokens.admin())
                .body()
                .contains(order.toString()));
        var recalls = http.get("/api/admin/recalls", TestTokens.admin()).json();
        var mine = java.util.stream.StreamSupport.stream(recalls.spliterator(), false)
                .filter(r -> r.get("orderId").asString().equals(order.toString()))
                .toList();
        assertThat(mine).hasSize(1);
        assertThat(mine.getFirst().get("contact").get("phone").asString()).isEqualTo("0912345678");
        assertThat(mine.getFirst().get("lot").asString()).isEqualTo("THV-2026-05");
        assertThat(http.get("/api/admin/recalls", TestTokens.shopper()).status())
                .isEqualTo(403);
        assertThat(http.post("/api/admin/recalls/" + order + "/contacted", TestTokens.admin(), "")
                        .status())
                .isEqualTo(200);
        var firstContact = contactedAt(order);
        assertThat(firstContact).isNotNull();
        clock.advance(Duration.ofMinutes(5));
        assertThat(http.post("/api/admin/recalls/" + order + "/contacted", TestTokens.admin(), "")
                        .status())
                .as("a retry is no error and keeps the first time")
                .isEqualTo(200);
        assertThat(contactedAt(order)).isEqualTo(firstContact);
        assertThat(http.post("/api/admin/recalls/" + UUID.randomUUID() + "/contacted", TestTokens.admin(), "")
                        .status())
                .isEqualTo(404);
    }

    private Instant contactedAt(UUID order) {
        return jdbc.sql("select contacted_at from order_recall where order_id = ?")
                .param(order)
                .query((rs, row) ->
                        rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant())
                .single();
    }

    @Test
    void aTransferMadeBeforeTheStockIsReservedIsHeldAndPaysOnceItIs() throws Exception {
        var tea = listed(UUID.randomUUID(), "Trà hoa vàng (sample data)", 450_000);
        var oil = listed(UUID.randomUUID(), "Dầu sở (sample data)", 320_000);
        var checkout = place(TestTokens.shopper(), line(tea, 1), line(oil, 2));
        var orders = orderIds(checkout);
        var reference = checkout.get("paymentReference").asString();
        var transfer = Map.<String, Object>of(
                "transactionId", "FT-EARLY-" + reference, "amountVnd", 1_090_000, "reference", reference);

        var early = notify(transfer, payment.notificationSecret());
        assertThat(early.statusCode()).as(early.body()).isEqualTo(200);
        assertThat(early.body()).contains("\"outcome\":\"AWAITING_STOCK\"");
        assertThat(adminPayments(true)).doesNotContain("FT-EARLY-" + reference);

        kafka.publish(reserved(orders.getFirst()));
        awaitState(orders.getFirst(), "CONFIRMED");
        assertThat(outcomeOf("FT-EARLY-" + reference))
                .as("held while the other order waits for its stock")
                .isEqualTo("AWAITING_STOCK");

        kafka.publish(reserved(orders.getLast()));
        orders.forEach(order -> awaitState(order, "PAID"));
        assertThat(outcomeOf("FT-EARLY-" + reference)).isEqualTo("PAID");
        assertThat(orders.stream()
                        .map(order ->
                                ((OrderPaid) events(order, OrderPaid.class, 1).getFirst()).transactionId()))
                .containsOnly("FT-EARLY-" + reference);
        orders.forEach(order ->
                assertThat(states(order(order, TestTokens.admin()))).containsExactly("PLACED", "CONFIRMED", "PAID"));
        assertThat(notify(transfer, payment.notificationSecret()).body()).contains("\"outcome\":\"DUPLICATE\"");
    }

    @Test
    void aHeldTransferKeepsItsOrderFromExpiringWhileTheStockIsReserved() throws Exception {
        var product = listed(UUID.randomUUID(), "Sá sùng Vân Đồn (sample data)", 900_000);
        var paidFor = place(TestTokens.shopper(), line(product, 1));
        var unpaid = orderIds(place(TestTokens.shopper(), line(product, 1))).getFirst();
        var order = orderIds(paidFor).getFirst();
        var reference = paidFor.get("paymentReference").asString();
        var early = notify(
                Map.of("transactionId", "FT-SLOW-" + reference, "amountVnd", 900_000, "reference", reference),
                payment.notificationSecret());
        assertThat(early.body()).contains("\"outcome\":\"AWAITING_STOCK\"");

        // The saga lags past the payment window (catalog-service was away).
        clock.advance(Duration.ofMinutes(31));
        sweep.run();

        assertThat(order(unpaid, TestTokens.admin()).get("state").asString()).isEqualTo("EXPIRED");
        assertThat(order(order, TestTokens.admin()).get("state").asString())
                .as("the money arrived in time")
                .isEqualTo("PLACED");
        kafka.publish(reserved(order));
        awaitState(order, "PAID");
        assertThat(outcomeOf("FT-SLOW-" + reference)).isEqualTo("PAID");
    }

    @Test
    void anOrderWhoseStockAnswerNeverCameStopsHoldingItsCheckoutAfterADay() throws Exception {
        var tea = listed(UUID.randomUUID(), "Trà hoa vàng (sample data)", 450_000);
        var oil = listed(UUID.randomUUID(), "Dầu sở (sample data)", 320_000);
        var checkout = place(TestTokens.shopper(), line(tea, 1), line(oil, 2));
        var orders = orderIds(checkout);
        var kept = orders.getFirst();
        var stuck = orders.getLast();
        var reference = checkout.get("paymentReference").asString();
        var transactionId = "FT-STUCK-" + reference;
        var early = notify(
                Map.of("transactionId", transactionId, "amountVnd", 1_090_000, "reference", reference),
                payment.notificationSecret());
        assertThat(early.body()).contains("\"outcome\":\"AWAITING_STOCK\"");
        // One order is reserved; the other's answer never comes (its OrderPlaced went to a dead-letter topic).
        kafka.publish(reserved(kept));
        awaitState(kept, "CONFIRMED");

        clock.advance(Duration.ofHours(23));
        sweep.run();
        assertThat(order(stuck, TestTokens.admin()).get("state").asString())
                .as("within the day a slow saga may still decide it")
                .isEqualTo("PLACED");

        clock.advance(Duration.ofHours(1).plusMinutes(1));
        sweep.run();
        assertThat(order(stuck, TestTokens.admin()).get("state").asString()).isEqualTo("EXPIRED");
        assertThat(events(stuck, OrderExpired.class, 1)).hasSize(1);
        assertThat(order(kept, TestTokens.admin()).get("state").asString())
                .as("its money arrived in time")
                .isEqualTo("CONFIRMED");

        // The transfer now meets only the confirmed order: too much, so the office decides, and the
        // confirmed order waits for it rather than expiring.
        payments.applyHeldPayments();
        assertThat(outcomeOf(transactionId)).isEqualTo("AMOUNT_MISMATCH");
        assertThat(adminPayments(true)).contains(transactionId);
        sweep.run();
        assertThat(order(kept, TestTokens.admin()).get("state").asString()).isEqualTo("CONFIRMED");
        var applied = new Http(port)
                .post(
                        "/api/admin/payments/" + transactionId + "/apply",
                        TestTokens.admin(),
                        Map.of("note", "Paid for both; the oil's 640.000 ₫ refunded (sample data)"));
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        awaitState(kept, "PAID");
    }

    @Test
    void aHeldTransferIsFlaggedWhenAnOrderOfItsCheckoutIsRejected() throws Exception {
        var tea = listed(UUID.randomUUID(), "Trà hoa vàng (sample data)", 450_000);
        var oil = listed(UUID.randomUUID(), "Dầu sở (sample data)", 320_000);
        var checkout = place(TestTokens.shopper(), line(tea, 1), line(oil, 2));
        var orders = orderIds(checkout);
        var reference = checkout.get("paymentReference").asString();
        var early = notify(
                Map.of("transactionId", "FT-HELD-" + reference, "amountVnd", 1_090_000, "reference", reference),
                payment.notificationSecret());
        assertThat(early.body()).contains("\"outcome\":\"AWAITING_STOCK\"");

        var kept = orders.getFirst();
        var refused = orders.getLast();
        kafka.publish(reserved(kept));
        kafka.publish(new StockRejected(
                UUID.randomUUID(), Instant.now(), refused, 1, List.of(new StockShortage(oil, 2, 0, "SHORT"))));

        awaitState(refused, "REJECTED");
        await().atMost(WAIT).until(() -> outcomeOf("FT-HELD-" + reference).equals("AMOUNT_MISMATCH"));
        assertThat(order(kept, TestTokens.admin()).get("state").asString())
                .as("the transfer was for both orders: the office decides, nothing is paid")
                .isEqualTo("CONFIRMED");
        assertThat(adminPayments(true)).contains("FT-HELD-" + reference);
    }

    @Test
    void aHeldTransferWhoseSignalWasMissedIsAppliedByTheNextPass() throws Exception {
        var checkout =
                place(TestTokens.shopper(), line(listed(UUID.randomUUID(), "Miến dong (sample data)", 60_000), 3));
        var order = orderIds(checkout).getFirst();
        var reference = checkout.get("paymentReference").asString();
        var early = notify(
                Map.of("transactionId", "FT-MISSED-" + reference, "amountVnd", 180_000, "reference", reference),
                payment.notificationSecret());
        assertThat(early.body()).contains("\"outcome\":\"AWAITING_STOCK\"");

        // The service stopped between the saga's commit and the held payment: the order is confirmed
        // and nothing signalled the payment.
        jdbc.sql("update customer_order set state = 'CONFIRMED', version = version + 1 where id = ?")
                .param(order)
                .update();
        assertThat(outcomeOf("FT-MISSED-" + reference)).isEqualTo("AWAITING_STOCK");

        // Two passes at once (two instances' sweeps): one applies it, the other finds nothing held.
        try (var passes = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            var both = passes.invokeAll(List.<java.util.concurrent.Callable<Integer>>of(
                    payments::applyHeldPayments, payments::applyHeldPayments));
            int looked = 0;
            for (var pass : both) {
                looked += pass.get();
            }
            assertThat(looked).isPositive();
        }
        assertThat(outcomeOf("FT-MISSED-" + reference)).isEqualTo("PAID");
        assertThat(order(order, TestTokens.shopper()).get("state").asString()).isEqualTo("PAID");
    }

    @Test
    void aTransferTooLargeHoldsItsOrderUntilTheOfficeAppliesIt() throws Exception {
        var checkout =
                place(TestTokens.shopper(), line(listed(UUID.randomUUID(), "Chả mực (sample data)", 120_000), 1));
        var order = confirmed(checkout).getFirst();
        var checkoutId = checkout.get("id").asString();
        var reference = checkout.get("paymentReference").asString();
        var http = new Http(port);

        var over = notify(
                Map.of("transactionId", "FT-OVER-" + reference, "amountVnd", 150_000, "reference", reference),
                payment.notificationSecret());
        assertThat(over.body()).contains("\"outcome\":\"AMOUNT_MISMATCH\"");
        var offer = http.get("/api/checkouts/" + checkoutId + "/payment", TestTokens.shopper())
                .json();
        assertThat(offer.get("status").asString()).isEqualTo("PAYMENT_UNDER_REVIEW");
        assertThat(offer.get("payload").isNull()).as("no second code to pay").isTrue();
        assertThat(http.get("/api/checkouts/" + checkoutId + "/payment/qr.png", TestTokens.shopper())
                        .status())
                .isEqualTo(409);

        clock.advance(Duration.ofMinutes(31));
        sweep.run();
        assertThat(order(order, TestTokens.admin()).get("state").asString())
                .as("the money arrived in time")
                .isEqualTo("CONFIRMED");

        var note = Map.of("note", "Thừa 30.000 ₫, đã hoàn lại cho khách (sample data)");
        assertThat(http.post("/api/admin/payments/FT-OVER-" + reference + "/apply", TestTokens.shopper(), note)
                        .status())
                .isEqualTo(403);
        assertThat(http.post("/api/admin/payments/FT-OVER-" + reference + "/apply", TestTokens.admin(), Map.of())
                        .json()
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("note");
        var applied = http.post("/api/admin/payments/FT-OVER-" + reference + "/apply", TestTokens.admin(), note);
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        assertThat(applied.json().get("outcome").asString()).isEqualTo("PAID");
        assertThat(order(order, TestTokens.shopper()).get("state").asString()).isEqualTo("PAID");
        assertThat(((OrderPaid) events(order, OrderPaid.class, 1).getFirst()).transactionId())
                .isEqualTo("FT-OVER-" + reference);
        assertThat(adminPayments(true)).doesNotContain("FT-OVER-" + reference);
        var listed = listedPayment("FT-OVER-" + reference);
        assertThat(listed.get("flagged").asBoolean()).isFalse();
        assertThat(listed.at("/resolution/kind").asString()).isEqualTo("APPLIED");
        assertThat(listed.at("/resolution/note").asString()).isEqualTo(note.get("note"));
        assertThat(listed.at("/resolution/by").asString()).isNotBlank();
        var again = http.post("/api/admin/payments/FT-OVER-" + reference + "/apply", TestTokens.admin(), note);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("payment-not-flagged");
        assertThat(http.post("/api/admin/payments/FT-NONE-" + reference + "/settle", TestTokens.admin(), note)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aShortTransferTheOfficeAppliedIsSharedAndOnlyWhatWasPaidIsOwedBack() throws Exception {
        var checkout = place(
                TestTokens.shopper(),
                line(listed(UUID.randomUUID(), "Sá sùng Vân Đồn (sample data)", 100_000), 1),
                line(listed(UUID.randomUUID(), "Trà hoa vàng (sample data)", 50_000), 1));
        var reference = checkout.get("paymentReference").asString();
        var ids = confirmed(checkout);
        var transaction = "FT-FEE-" + reference;
        assertThat(notify(
                                Map.of("transactionId", transaction, "amountVnd", 145_001, "reference", reference),
                                payment.notificationSecret())
                        .body())
                .contains("\"outcome\":\"AMOUNT_MISMATCH\"");
        var http = new Http(port);
        var applied = http.post(
                "/api/admin/payments/" + transaction + "/apply",
                TestTokens.admin(),
                Map.of("note", "Ngân hàng trừ phí 4.999 ₫ (sample data)"));
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);

        // 145,001 of the 150,000 due, shared by the totals: 96,667.33 and 48,333.67, the last đồng to the larger
        // remainder. Each order owes back its part when it is cancelled, not its total.
        var expected = Map.of(100_000L, 96_667L, 50_000L, 48_334L);
        for (var order : ids) {
            var view = order(order, TestTokens.shopper());
            assertThat(view.get("state").asString()).isEqualTo("PAID");
            long paid = expected.get(view.get("totalVnd").asLong());
            assertThat(view.get("paidVnd").asLong()).isEqualTo(paid);
            var cancelled = http.post(
                    "/api/orders/" + order + "/cancellation",
                    TestTokens.shopper(),
                    Map.of("reason", "Đổi ý (sample data)"));
            assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
            assertThat(((OrderCancelled) events(order, OrderCancelled.class, 1).getFirst()).refundDueVnd())
                    .isEqualTo(paid);
        }
    }

    @Test
    void aCheckoutPaidInTwoTransfersIsPaidOnceTheyAddUpAndTheCodeAsksOnlyForWhatIsLeft() throws Exception {
        var checkout = place(
                TestTokens.shopper(),
                line(listed(UUID.randomUUID(), "Hàu sữa Vân Đồn (sample data)", 100_000), 1),
                line(listed(UUID.randomUUID(), "Nước mắm Cái Rồng (sample data)", 50_000), 1));
        var checkoutId = checkout.get("id").asString();
        var reference = checkout.get("paymentReference").asString();
        var ids = confirmed(checkout);
        var http = new Http(port);

        var first = "FT-PART1-" + reference;
        assertThat(notify(
                                Map.of("transactionId", first, "amountVnd", 90_000, "reference", reference),
                                payment.notificationSecret())
                        .body())
                .contains("\"outcome\":\"AMOUNT_MISMATCH\"");
        var offer = http.get("/api/checkouts/" + checkoutId + "/payment", TestTokens.shopper())
                .json();
        assertThat(offer.get("status").asString()).isEqualTo("AWAITING_PAYMENT");
        assertThat(offer.get("receivedVnd").asLong()).isEqualTo(90_000);
        assertThat(offer.get("amountVnd").asLong()).as("what is left to pay").isEqualTo(60_000);
        assertThat(offer.get("payload").asString())
                .isEqualTo(VietQr.payload(payment.bankBin(), payment.accountNumber(), 60_000, reference));

        var second = "FT-PART2-" + reference;
        var rest = notify(
                Map.of("transactionId", second, "amountVnd", 60_000, "reference", reference),
                payment.notificationSecret());

        assertThat(rest.body()).contains("\"outcome\":\"PAID\"");
        for (var order : ids) {
            var view = order(order, TestTokens.shopper());
            assertThat(view.get("state").asString()).isEqualTo("PAID");
            assertThat(view.get("paidVnd").asLong())
                    .isEqualTo(view.get("totalVnd").asLong());
            assertThat(view.get("history").toString()).contains(first).contains(second);
        }
        assertThat(outcomeOf(first)).isEqualTo("PAID");
        assertThat(adminPayments(true)).doesNotContain(first).doesNotContain(second);
        assertThat(offerStatus(checkoutId)).isEqualTo("PAID");
    }

    @Test
    void aShortTransferThatCoversWhatIsLeftAfterACancellationHoldsTheRestForTheOffice() throws Exception {
        var checkout = place(
                TestTokens.shopper(),
                line(listed(UUID.randomUUID(), "Bánh gai Tứ Trụ (sample data)", 100_000), 1),
                line(listed(UUID.randomUUID(), "Bánh cốm (sample data)", 50_000), 1));
        var checkoutId = checkout.get("id").asString();
        var reference = checkout.get("paymentReference").asString();
        var ids = confirmed(checkout);
        var kept = ids.stream()
                .filter(order ->
                        order(order, TestTokens.shopper()).get("totalVnd").asLong() == 100_000)
                .findFirst()
                .orElseThrow();
        var dropped =
                ids.stream().filter(order -> !order.equals(kept)).findFirst().orElseThrow();
        var transfer = "FT-ONLYA-" + reference;
        assertThat(notify(
                                Map.of("transactionId", transfer, "amountVnd", 100_000, "reference", reference),
                                payment.notificationSecret())
                        .body())
                .contains("\"outcome\":\"AMOUNT_MISMATCH\"");
        var http = new Http(port);
        assertThat(http.post(
                                "/api/orders/" + dropped + "/cancellation",
                                TestTokens.shopper(),
                                Map.of("reason", "Chỉ mua bánh gai (sample data)"))
                        .status())
                .isEqualTo(200);
        assertThat(offerStatus(checkoutId)).isEqualTo("PAYMENT_UNDER_REVIEW");

        clock.advance(Duration.ofMinutes(31));
        sweep.run();

        assertThat(order(kept, TestTokens.admin()).get("state").asString())
                .as("what is due now arrived in time")
                .isEqualTo("CONFIRMED");
        assertThat(http.post(
                                "/api/admin/payments/" + transfer + "/apply",
                                TestTokens.admin(),
                                Map.of("note", "Khách bỏ bánh cốm (sample data)"))
                        .status())
                .isEqualTo(200);
        assertThat(order(kept, TestTokens.shopper()).get("paidVnd").asLong()).isEqualTo(100_000);
    }

    @Test
    void transfersThatTogetherCoverTheCheckoutHoldItsOrderAndTheOfficeAppliesThemTogether() throws Exception {
        var checkout =
                place(TestTokens.shopper(), line(listed(UUID.randomUUID(), "Miến dong (sample data)", 120_000), 1));
        var order = confirmed(checkout).getFirst();
        var checkoutId = checkout.get("id").asString();
        var reference = checkout.get("paymentReference").asString();
        var first = "FT-SPLIT1-" + reference;
        var second = "FT-SPLIT2-" + reference;
        notify(
                Map.of("transactionId", first, "amountVnd", 100_000, "reference", reference),
                payment.notificationSecret());
        assertThat(notify(
                                Map.of("transactionId", second, "amountVnd", 30_000, "reference", reference),
                                payment.notificationSecret())
                        .body())
                .contains("\"outcome\":\"AMOUNT_MISMATCH\"");
        var http = new Http(port);
        assertThat(offerStatus(checkoutId)).isEqualTo("PAYMENT_UNDER_REVIEW");

        clock.advance(Duration.ofMinutes(31));
        sweep.run();
        assertThat(order(order, TestTokens.admin()).get("state").asString())
                .as("130,000 ₫ arrived in time for 120,000 ₫")
                .isEqualTo("CONFIRMED");

        var note = "Thừa 10.000 ₫ qua hai lần chuyển, đã hoàn lại (sample data)";
        var otherCheckout =
                place(TestTokens.shopper(), line(listed(UUID.randomUUID(), "Chả mực (sample data)", 80_000), 1));
        var otherOrder = orderIds(otherCheckout).getFirst();
        kafka.publish(reserved(otherOrder));
        awaitState(otherOrder, "CONFIRMED");
        var otherTransfer = "FT-OTHER-" + reference;
        notify(
                Map.of(
                        "transactionId",
                        otherTransfer,
                        "amountVnd",
                        70_000,
                        "reference",
                        otherCheckout.get("paymentReference").asString()),
                payment.notificationSecret());
        var ofAnother = http.post(
                "/api/admin/payments/" + first + "/apply",
                TestTokens.admin(),
                Map.of("note", note, "also", List.of(otherTransfer)));
        assertThat(ofAnother.status()).as(ofAnother.body()).isEqualTo(400);
        assertThat(ofAnother.json().get("field").asString()).isEqualTo("also");
        var unknown = http.post(
                "/api/admin/payments/" + first + "/apply",
                TestTokens.admin(),
                Map.of("note", note, "also", List.of("FT-NEVER-" + reference)));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
        assertThat(unknown.json().get("field").asString()).isEqualTo("also");
        assertThat(outcomeOf(first)).isEqualTo("AMOUNT_MISMATCH");
        assertThat(outcomeOf(otherTransfer)).isEqualTo("AMOUNT_MISMATCH");

        var applied = http.post(
                "/api/admin/payments/" + first + "/apply",
                TestTokens.admin(),
                Map.of("note", note, "also", List.of(second)));

        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        var view = order(order, TestTokens.shopper());
        assertThat(view.get("state").asString()).isEqualTo("PAID");
        assertThat(view.get("paidVnd").asLong()).isEqualTo(120_000);
        for (var transfer : List.of(first, second)) {
            var listed = listedPayment(transfer);
            assertThat(listed.get("flagged").asBoolean()).isFalse();
            assertThat(listed.at("/resolution/kind").asString()).isEqualTo("APPLIED");
            assertThat(listed.get("checkoutId").asString()).isEqualTo(checkoutId);
        }
        assertThat(listedPayment(otherTransfer).get("flagged").asBoolean()).isTrue();
    }

    @Test
    void aTransferTooSmallLetsItsOrderExpireAndTheOfficeSettlesIt() throws Exception {
        var checkout =
                place(TestTokens.shopper(), line(listed(UUID.randomUUID(), "Nem chua (sample data)", 90_000), 1));
        var order = confirmed(checkout).getFirst();
        var reference = checkout.get("paymentReference").asString();

        var under = notify(
                Map.of("transactionId", "FT-UNDER-" + reference, "amountVnd", 1_000, "reference", reference),
                payment.notificationSecret());
        assertThat(under.body()).contains("\"outcome\":\"AMOUNT_MISMATCH\"");
        clock.advance(Duration.ofMinutes(31));
        sweep.run();
        assertThat(order(order, TestTokens.admin()).get("state").asString())
                .as("a token transfer holds no stock")
                .isEqualTo("EXPIRED");
        assertThat(listedPayment("FT-UNDER-" + reference).get("flagged").asBoolean())
                .isTrue();

        var settled = new Http(port)
                .post(
                        "/api/admin/payments/FT-UNDER-" + reference + "/settle",
                        TestTokens.admin(),
                        Map.of("note", "Đã hoàn 1.000 ₫ (sample data)"));
        assertThat(settled.status()).as(settled.body()).isEqualTo(204);
        assertThat(adminPayments(true)).doesNotContain("FT-UNDER-" + reference);
        assertThat(listedPayment("FT-UNDER-" + reference).at("/resolution/kind").asString())
                .isEqualTo("SETTLED");
    }

    @Test
    void aShortTransferIsWeighedOnceAgainstTheWholeCheckoutSoNoneOfItsOrdersOutlivesTheOthers() throws Exception {
        var checkout = place(
                TestTokens.shopper(),
                line(listed(UUID.randomUUID(), "Chả mực Hạ Long (sample data)", 100_000), 1),
                line(listed(UUID.randomUUID(), "Rượu mơ Yên Tử (sample data)", 100_000), 1));
        var orders = confirmed(checkout);
        assertThat(orders).hasSize(2);
        var reference = checkout.get("paymentReference").asString();
        // Half of what is due: enough for either order alone, not for the checkout.
        var half = notify(
                Map.of(
                        "transactionId",
                        "FT-HALF-" + reference,
                        "amountVnd",
                        checkout.get("totalVnd").asLong() / 2,
                        "reference",
                        reference),
                payment.notificationSecret());
        assertThat(half.body()).contains("\"outcome\":\"AMOUNT_MISMATCH\"");

        clock.advance(Duration.ofMinutes(31));
        sweep.run();

        // Not one expired, and then the other held because what is left to pay is now less than the transfer.
        orders.forEach(order -> assertThat(
                        order(order, TestTokens.admin()).get("state").asString())
                .as(order.toString())
                .isEqualTo("EXPIRED"));
        assertThat(listedPayment("FT-HALF-" + reference).get("flagged").asBoolean())
                .isTrue();
    }

    @Test
    void anUnknownReferenceIsAppliedToTheNamedCheckoutAndARepeatWithOtherFactsIsFlagged() throws Exception {
        var checkout =
                place(TestTokens.shopper(), line(listed(UUID.randomUUID(), "Ruốc hàu (sample data)", 75_000), 2));
        var order = orderIds(checkout).getFirst();
        var checkoutId = checkout.get("id").asString();
        kafka.publish(reserved(order));
        awaitState(order, "CONFIRMED");
        var transaction = "FT-TYPO-" + order;
        var transfer = Map.<String, Object>of(
                "transactionId", transaction, "amountVnd", 150_000, "reference", "chuyen tien mua ruoc hau");
        assertThat(notify(transfer, payment.notificationSecret()).body()).contains("\"outcome\":\"UNKNOWN_REFERENCE\"");
        var http = new Http(port);
        var note = "Khách gõ sai mã thanh toán (sample data)";

        var unnamed =
                http.post("/api/admin/payments/" + transaction + "/apply", TestTokens.admin(), Map.of("note", note));
        assertThat(unnamed.status()).isEqualTo(400);
        assertThat(unnamed.json().get("field").asString()).isEqualTo("checkoutId");
        var applied = http.post(
                "/api/admin/payments/" + transaction + "/apply",
                TestTokens.admin(),
                Map.of("checkoutId", checkoutId, "note", note));
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        assertThat(order(order, TestTokens.shopper()).get("state").asString()).isEqualTo("PAID");
        assertThat(listedPayment(transaction).get("checkoutId").asString()).isEqualTo(checkoutId);

        // The bank sends the same transaction again, saying another amount: nothing changes, the office is told.
        var differing = new java.util.HashMap<>(transfer);
        differing.put("amountVnd", 1_500_000);
        assertThat(notify(differing, payment.notificationSecret()).body())
                .contains("\"outcome\":\"DUPLICATE_DIFFERING\"");
        assertThat(notify(transfer, payment.notificationSecret()).body()).contains("\"outcome\":\"DUPLICATE\"");
        var listed = listedPayment(transaction);
        assertThat(listed.get("amountVnd").asLong()).as("the first one counts").isEqualTo(150_000);
        assertThat(listed.get("differingRepeats").asInt()).isEqualTo(1);
        assertThat(listed.get("flagged").asBoolean()).isTrue();
        assertThat(adminPayments(true)).contains(transaction);
        assertThat(http.post(
                                "/api/admin/payments/" + transaction + "/settle",
                                TestTokens.admin(),
                                Map.of("note", "Ngân hàng xác nhận gửi nhầm (sample data)"))
                        .status())
                .isEqualTo(204);
        assertThat(adminPayments(true)).doesNotContain(transaction);
        assertThat(order(order, TestTokens.admin()).get("state").asString()).isEqualTo("PAID");

        // A checkout whose stock is still being reserved: applying now would pay only part of it.
        var pending = place(TestTokens.shopper(), line(listed(UUID.randomUUID(), "Ruốc hàu (sample data)", 75_000), 1));
        var early = "FT-TYPO-EARLY-" + order;
        assertThat(notify(
                                Map.of("transactionId", early, "amountVnd", 75_000, "reference", "ruoc hau"),
                                payment.notificationSecret())
                        .body())
                .contains("\"outcome\":\"UNKNOWN_REFERENCE\"");
        var notReady = http.post(
                "/api/admin/payments/" + early + "/apply",
                TestTokens.admin(),
                Map.of("checkoutId", pending.get("id").asString(), "note", note));
        assertThat(notReady.status()).as(notReady.body()).isEqualTo(409);
        assertThat(notReady.body()).contains("payment-not-ready");
        assertThat(listedPayment(early).get("flagged").asBoolean())
                .as("still the office's")
                .isTrue();
    }

    @Test
    void theOfficesPaymentListPagesWithoutSkippingOrRepeatingAndRefusesBadParameters() throws Exception {
        // Five transfers the bank sent in one batch, recorded at one and the same instant, long ago
        // (before anything else in this database), so that pages of two must split the tie.
        var instant = Instant.parse("2020-01-01T00:00:00Z");
        for (int i = 0; i < 5; i++) {
            jdbc.sql(
                            """
                            insert into payment_notification (transaction_id, amount_vnd, reference, outcome, received_at)
                            values (?, 1000, 'no reference', 'UNKNOWN_REFERENCE', ?)
                            """)
                    .params("FT-TIE-" + i + "-" + UUID.randomUUID(), java.sql.Timestamp.from(instant))
                    .update();
        }
        var http = new Http(port);
        var start = "/api/admin/payments?flagged=true&before=2020-01-01T00:00:01Z";
        var all = new java.util.ArrayList<String>();
        http.get(start + "&size=200", TestTokens.admin())
                .json()
                .forEach(n -> all.add(n.get("transactionId").asString()));
        assertThat(all).hasSizeGreaterThanOrEqualTo(5).allMatch(id -> id.startsWith("FT-TIE-"));

        var paged = new java.util.ArrayList<String>();
        var query = start + "&size=2";
        while (true) {
            var page = http.get(query, TestTokens.admin()).json();
            page.forEach(n -> paged.add(n.get("transactionId").asString()));
            if (page.size() < 2) {
                break;
            }
            var last = page.get(1);
            query = "/api/admin/payments?flagged=true&size=2&before="
                    + last.get("receivedAt").asString() + "&beforeTransaction="
                    + last.get("transactionId").asString();
        }
        assertThat(paged).as("page by page, each once, in order").isEqualTo(all);

        assertThat(http.get("/api/admin/payments?before=yesterday", TestTokens.admin())
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("before");
        // Instants PostgreSQL cannot hold, and a transaction id no bank sends, are named too.
        for (var bad : List.of(
                "before=-5000-01-01T00:00:00Z",
                "before=%2B1000000000-12-31T00:00:00Z",
                "before=2026-11-23T08:00:00Z&beforeTransaction=FT%001")) {
            var refused = http.get("/api/admin/payments?" + bad, TestTokens.admin());
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().get("field").asString())
                    .as(bad)
                    .isEqualTo(bad.contains("beforeTransaction") ? "beforeTransaction" : "before");
        }
        assertThat(http.get("/api/admin/payments?beforeTransaction=FT-1", TestTokens.admin())
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("beforeTransaction");
        assertThat(http.get("/api/admin/payments?size=201", TestTokens.admin())
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("size");
    }

    @Test
    void aNotificationWithAGoodSignatureButABadBodyIsAProblemNamingTheField() throws Exception {
        var response = notify(
                Map.of("transactionId", "FT-NO-AMOUNT", "reference", "OCOP00000000"), payment.notificationSecret());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"amountVnd\"");

        // A NUL PostgreSQL cannot store and a stray control character, in a signed transfer: money received,
        // so it is recorded, for the office, with U+FFFD in their place.
        var withNul = notify(
                Map.of("transactionId", "FT-NUL-REF", "amountVnd", 1_000, "reference", "CK\u0000 thanh\u007f toan"),
                payment.notificationSecret());

        assertThat(withNul.statusCode()).as(withNul.body()).isEqualTo(200);
        assertThat(listedPayment("FT-NUL-REF").get("reference").asString()).isEqualTo("CK\uFFFD thanh\uFFFD toan");
    }

    @Test
    void anOversizedNotificationIsRefusedUnreadWhetherOrNotItSaysItsLength() throws Exception {
        var padding = "x".repeat(64 * 1024);
        var said = notify(
                Map.of("transactionId", "FT-BIG", "amountVnd", 1, "reference", "OCOP00000000", "note", padding),
                payment.notificationSecret());
        // Streamed without a Content-Length: the service stops reading at its limit.
        var unsaid = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/payments/notifications"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                                        ("{\"note\":\"" + padding + "\"}").getBytes(StandardCharsets.UTF_8))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(said.statusCode()).as(said.body()).isEqualTo(413);
        assertThat(said.body()).contains("notification-too-large");
        assertThat(unsaid.statusCode()).as(unsaid.body()).isEqualTo(413);
    }

    private String adminPayments(boolean flaggedOnly) {
        return new Http(port)
                .get("/api/admin/payments?size=200" + (flaggedOnly ? "&flagged=true" : ""), TestTokens.admin())
                .body();
    }

    private JsonNode listedPayment(String transaction) {
        for (var received : new Http(port)
                .get("/api/admin/payments?size=200", TestTokens.admin())
                .json()) {
            if (received.get("transactionId").asString().equals(transaction)) {
                return received;
            }
        }
        throw new AssertionError(transaction + " is not among the latest 200 notifications");
    }

    private String outcomeOf(String transaction) {
        return jdbc.sql("select outcome from payment_notification where transaction_id = ?")
                .param(transaction)
                .query(String.class)
                .single();
    }

    private void pay(UUID order) {
        var view = order(order, TestTokens.admin());
        var checkout = new Http(port)
                .get("/api/checkouts/" + view.get("checkoutId").asString(), TestTokens.admin())
                .json();
        try {
            var response = notify(
                    Map.of(
                            "transactionId", "FT-" + UUID.randomUUID(),
                            "amountVnd", checkout.get("totalVnd").asLong(),
                            "reference", checkout.get("paymentReference").asString()),
                    payment.notificationSecret());
            assertThat(response.body()).contains("\"outcome\":\"PAID\"");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> notify(Map<String, ?> body, String secret) throws Exception {
        var bytes = tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsBytes(body);
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/payments/notifications"))
                                .header("Content-Type", "application/json")
                                .header(
                                        "X-Signature",
                                        "sha256=" + HexFormat.of().formatHex(mac.doFinal(bytes)))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode place(String shopper, Map<?, ?>... lines) {
        var response = new Http(port)
                .post(
                        "/api/checkouts",
                        shopper,
                        Map.of(
                                "lines",
                                List.of(lines),
                                "delivery",
                                Map.of(
                                        "name", "Nguyễn Thị Lan (sample data)",
                                        "phone", "0912345678",
                                        "province", "Quảng Ninh",
                                        "commune", "phường Hạ Long",
                                        "street", "12 đường Bến Đoan (sample data)")),
                        Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    /** The checkout's orders once the catalogue has reserved their stock and each is CONFIRMED. */
    private List<UUID> confirmed(JsonNode checkout) {
        var ids = orderIds(checkout);
        ids.forEach(order -> kafka.publish(reserved(order)));
        ids.forEach(order -> awaitState(order, "CONFIRMED"));
        return ids;
    }

    private String offerStatus(String checkoutId) {
        return new Http(port)
                .get("/api/checkouts/" + checkoutId + "/payment", TestTokens.shopper())
                .json()
                .get("status")
                .asString();
    }

    private static List<UUID> orderIds(JsonNode checkout) {
        return checkout.get("orders").findValuesAsString("id").stream()
                .map(UUID::fromString)
                .toList();
    }

    private static Map<String, Object> line(UUID product, int quantity) {
        return Map.of("productId", product.toString(), "quantity", quantity);
    }

    private UUID listed(UUID producer, String name, long price) {
        var product = UUID.randomUUID();
        kafka.publish(CatalogueEvents.productListed(product, producer, name, "FOOD", null, price, true));
        await().atMost(WAIT).until(() -> !products.find(List.of(product)).isEmpty());
        return product;
    }

    private JsonNode order(UUID order, String token) {
        var response = new Http(port).get("/api/orders/" + order, token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private void awaitState(UUID order, String state) {
        await().atMost(WAIT)
                .until(() ->
                        order(order, TestTokens.admin()).get("state").asString().equals(state));
    }

    private static List<String> states(JsonNode order) {
        return order.get("history").findValuesAsString("state");
    }

    private static StockReserved reserved(UUID order) {
        return new StockReserved(UUID.randomUUID(), Instant.now(), order, 1, List.of());
    }

    private static StockReleased released(UUID order) {
        return new StockReleased(UUID.randomUUID(), Instant.now(), order, 2, List.of(), "ORDER_CANCELLED");
    }

    private List<PlatformEvent> events(UUID order, Class<? extends PlatformEvent> type, int count) {
        var name = vn.ocop.events.EventCatalog.typeOf(type);
        return kafka
                .await(
                        Topics.ORDERS,
                        r -> order.toString().equals(r.key())
                                && name.equals(KafkaRecords.header(r, CloudEventHeaders.TYPE)),
                        count,
                        WAIT)
                .stream()
                .map(r -> EventCodec.read(name, r.value()))
                .toList();
    }
}
