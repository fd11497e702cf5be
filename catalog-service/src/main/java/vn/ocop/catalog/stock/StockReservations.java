package vn.ocop.catalog.stock;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import vn.ocop.catalog.product.Products;
import vn.ocop.events.catalog.StockRejected;
import vn.ocop.events.catalog.StockReleased;
import vn.ocop.events.catalog.StockReserved;
import vn.ocop.events.catalog.StockShortage;
import vn.ocop.events.order.OrderPlaced;
import vn.ocop.messaging.Outbox;

/**
 * The catalogue's side of the order saga. It owns stock, so it decides: an order's lines are
 * reserved all together or not at all, and stock never goes below zero. Product rows are locked in
 * id order, so two orders sharing products cannot deadlock, and each decision is stored once per
 * order, so a replayed event changes nothing.
 */
@Service
public class StockReservations {

    static final String SHORT = "SHORT";
    static final String NOT_FOR_SALE = "NOT_FOR_SALE";

    private static final TypeReference<List<StockReserved.Line>> LINES = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final Products products;
    private final Outbox outbox;
    private final JsonMapper json;
    private final Clock clock;

    StockReservations(JdbcClient jdbc, Products products, Outbox outbox, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.products = products;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** Reserves every line of a placed order, or none; answers with StockReserved or StockRejected. */
    @Transactional
    public void reserve(OrderPlaced order) {
        if (decided(order.orderId())) {
            return;
        }
        var wanted = new TreeMap<UUID, Integer>();
        for (var line : order.lines()) {
            wanted.merge(line.productId(), line.quantity(), Math::addExact);
        }
        var onHand = new TreeMap<UUID, Integer>();
        jdbc.sql("select id, stock from product where id = any(?) and status = 'LISTED' order by id for update")
                .param(wanted.keySet().toArray(UUID[]::new))
                .query(rs -> {
                    onHand.put(rs.getObject(1, UUID.class), rs.getInt(2));
                });
        var shortages = new ArrayList<StockShortage>();
        for (Map.Entry<UUID, Integer> line : wanted.entrySet()) {
            Integer available = onHand.get(line.getKey());
            if (available == null) {
                shortages.add(new StockShortage(line.getKey(), line.getValue(), 0, NOT_FOR_SALE));
            } else if (available < line.getValue()) {
                shortages.add(new StockShortage(line.getKey(), line.getValue(), available, SHORT));
            }
        }
        var now = clock.instant();
        if (!shortages.isEmpty()) {
            record(order.orderId(), "REJECTED", List.of());
            outbox.append(new StockRejected(UUID.randomUUID(), now, order.orderId(), 1, List.copyOf(shortages)));
            return;
        }
        var lines = new ArrayList<StockReserved.Line>();
        for (var line : wanted.entrySet()) {
            products.changeStockBy(line.getKey(), -line.getValue());
            lines.add(new StockReserved.Line(line.getKey(), line.getValue()));
        }
        record(order.orderId(), "RESERVED", lines);
        outbox.append(new StockReserved(UUID.randomUUID(), now, order.orderId(), 1, List.copyOf(lines)));
    }

    /**
     * Puts an order's reserved stock back on sale (the order was cancelled or expired) and answers with
     * StockReleased. An order never reserved is marked so that it never will be.
     */
    @Transactional
    public void release(UUID orderId, String reason) {
        var reservation = jdbc.sql("select state, lines::text from stock_reservation where order_id = ? for update")
                .param(orderId)
                .query((rs, row) -> new Reservation(rs.getString(1), json.readValue(rs.getString(2), LINES)))
                .optional();
        if (reservation.isEmpty()) {
            record(orderId, "VOID", List.of());
            return;
        }
        if (!reservation.get().state().equals("RESERVED")) {
            return;
        }
        var lines = reservation.get().lines().stream()
                .sorted(java.util.Comparator.comparing(StockReserved.Line::productId))
                .toList();
        for (var line : lines) {
            products.changeStockBy(line.productId(), line.quantity());
        }
        var now = clock.instant();
        jdbc.sql("update stock_reservation set state = 'RELEASED', released_at = ? where order_id = ?")
                .params(Timestamp.from(now), orderId)
                .update();
        outbox.append(new StockReleased(UUID.randomUUID(), now, orderId, 2, lines, reason));
    }

    private boolean decided(UUID orderId) {
        return jdbc.sql("select 1 from stock_reservation where order_id = ?")
                .param(orderId)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    private void record(UUID orderId, String state, List<StockReserved.Line> lines) {
        jdbc.sql("insert into stock_reservation (order_id, state, lines, decided_at) values (?, ?, ?::jsonb, ?)")
                .params(orderId, state, json.writeValueAsString(lines), Timestamp.from(clock.instant()))
                .update();
    }

    private record Reservation(String state, List<StockReserved.Line> lines) {}
}
