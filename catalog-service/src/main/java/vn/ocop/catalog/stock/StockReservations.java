package vn.ocop.catalog.stock;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import vn.ocop.catalog.product.Products;
import vn.ocop.events.catalog.StockRejected;
import vn.ocop.events.catalog.StockReleased;
import vn.ocop.events.catalog.StockReserved;
import vn.ocop.events.catalog.StockShortage;
import vn.ocop.events.order.OrderCancelled;
import vn.ocop.events.order.OrderExpired;
import vn.ocop.events.order.OrderPlaced;
import vn.ocop.messaging.EventBatches.Incoming;
import vn.ocop.messaging.Outbox;

/**
 * The catalogue's side of the order saga. It owns stock, so it decides: an order's lines are
 * reserved all together or not at all, and stock never goes below zero. Each decision is stored
 * once per order, so a replayed event changes nothing.
 *
 * <p>A batch of order events is settled in one transaction with a handful of statements: the
 * reservations and product rows it touches are locked (in id order, so two batches cannot
 * deadlock), the events are decided one after another in the order they arrived against the stock
 * as it stands after the ones before, and the outcome is written back together.
 */
@Service
public class StockReservations {

    static final String SHORT = "SHORT";
    static final String NOT_FOR_SALE = "NOT_FOR_SALE";

    private static final String RESERVED = "RESERVED";
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

    /**
     * Settles order events in the order given: a placed order is reserved or rejected (StockReserved
     * or StockRejected), a cancelled or expired one puts its reserved stock back on sale
     * (StockReleased); an order never reserved is marked so that it never will be.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void settle(List<Incoming> events) {
        var orderIds = new HashSet<UUID>();
        for (var incoming : events) {
            orderIds.add(orderId(incoming));
        }
        var reservations = lockReservations(orderIds);
        var productIds = new HashSet<UUID>();
        for (var incoming : events) {
            if (incoming.event() instanceof OrderPlaced placed) {
                placed.lines().forEach(line -> productIds.add(line.productId()));
            }
        }
        reservations.values().stream()
                .filter(r -> r.state.equals(RESERVED))
                .forEach(r -> r.lines.forEach(line -> productIds.add(line.productId())));
        var now = clock.instant();
        var stock = lockProducts(productIds, LocalDate.ofInstant(now, Products.VIETNAM));

        for (var incoming : events) {
            switch (incoming.event()) {
                case OrderPlaced placed -> reserve(placed, incoming.traceparent(), reservations, stock, now);
                case OrderCancelled cancelled ->
                    release(cancelled.orderId(), "ORDER_CANCELLED", incoming.traceparent(), reservations, stock, now);
                case OrderExpired expired ->
                    release(expired.orderId(), "ORDER_EXPIRED", incoming.traceparent(), reservations, stock, now);
                default -> throw new IllegalArgumentException("not an order event of the stock saga: " + incoming);
            }
        }

        var deltas = new TreeMap<UUID, Integer>();
        stock.forEach((id, product) -> {
            if (product.onHand != product.stored) {
                deltas.put(id, product.onHand - product.stored);
            }
        });
        products.changeStocksBy(deltas);
        store(reservations.values(), now);
    }

    private void reserve(
            OrderPlaced order,
            @Nullable String traceparent,
            Map<UUID, Reservation> reservations,
            Map<UUID, Stock> stock,
            Instant now) {
        if (reservations.containsKey(order.orderId())) {
            return; // decided before
        }
        var wanted = new TreeMap<UUID, Integer>();
        for (var line : order.lines()) {
            wanted.merge(line.productId(), line.quantity(), Math::addExact);
        }
        var shortages = new ArrayList<StockShortage>();
        for (var line : wanted.entrySet()) {
            var product = stock.get(line.getKey());
            if (product == null || !product.listed) {
                shortages.add(new StockShortage(line.getKey(), line.getValue(), 0, NOT_FOR_SALE));
            } else if (product.onHand < line.getValue()) {
                shortages.add(new StockShortage(line.getKey(), line.getValue(), product.onHand, SHORT));
            }
        }
        if (!shortages.isEmpty()) {
            reservations.put(order.orderId(), Reservation.decided(order.orderId(), "REJECTED", List.of()));
            outbox.append(
                    new StockRejected(UUID.randomUUID(), now, order.orderId(), 1, List.copyOf(shortages)), traceparent);
            return;
        }
        var lines = new ArrayList<StockReserved.Line>();
        for (var line : wanted.entrySet()) {
            stock.get(line.getKey()).onHand -= line.getValue();
            lines.add(new StockReserved.Line(line.getKey(), line.getValue()));
        }
        reservations.put(order.orderId(), Reservation.decided(order.orderId(), RESERVED, List.copyOf(lines)));
        outbox.append(new StockReserved(UUID.randomUUID(), now, order.orderId(), 1, List.copyOf(lines)), traceparent);
    }

    private void release(
            UUID orderId,
            String reason,
            @Nullable String traceparent,
            Map<UUID, Reservation> reservations,
            Map<UUID, Stock> stock,
            Instant now) {
        var reservation = reservations.get(orderId);
        if (reservation == null) {
            reservations.put(orderId, Reservation.decided(orderId, "VOID", List.of()));
            return;
        }
        if (!reservation.state.equals(RESERVED)) {
            return;
        }
        var lines = reservation.lines.stream()
                .sorted(Comparator.comparing(StockReserved.Line::productId))
                .toList();
        for (var line : lines) {
            var held = stock.get(line.productId());
            if (held != null) { // else the product was deleted since: there is nothing to put the stock back on
                held.onHand += line.quantity();
            }
        }
        reservation.state = "RELEASED";
        reservation.releasedAt = now;
        outbox.append(new StockReleased(UUID.randomUUID(), now, orderId, 2, lines, reason), traceparent);
    }

    private Map<UUID, Reservation> lockReservations(Collection<UUID> orderIds) {
        var found = new HashMap<UUID, Reservation>();
        jdbc.sql(
                        """
                        select order_id, state, lines::text from stock_reservation
                        where order_id = any(?) order by order_id for update
                        """)
                .param(orderIds.toArray(UUID[]::new))
                .query(rs -> {
                    var id = rs.getObject(1, UUID.class);
                    found.put(id, new Reservation(id, rs.getString(2), json.readValue(rs.getString(3), LINES), false));
                });
        return found;
    }

    /**
     * Locks the products, reading each one's stock and whether it is for sale {@code today}: listed, and
     * covered by a valid certificate (from midnight until the hourly sweep withdraws it, a listing whose
     * certificates have all lapsed is listed still).
     */
    private Map<UUID, Stock> lockProducts(Collection<UUID> productIds, LocalDate today) {
        var found = new LinkedHashMap<UUID, Stock>();
        jdbc.sql("select p.id, p.stock, p.status = 'LISTED' and " + Products.COVERED_ON.formatted(":today")
                        + " from product p where p.id = any(:ids) order by p.id for update")
                .param("today", Date.valueOf(today))
                .param("ids", productIds.toArray(UUID[]::new))
                .query(rs -> {
                    found.put(rs.getObject(1, UUID.class), new Stock(rs.getInt(2), rs.getBoolean(3)));
                });
        return found;
    }

    /** Inserts the decisions made now and records the releases of earlier ones. */
    private void store(Iterable<Reservation> reservations, Instant now) {
        var newIds = new ArrayList<UUID>();
        var newStates = new ArrayList<String>();
        var newLines = new ArrayList<String>();
        var newReleased = new ArrayList<String>();
        var releasedIds = new ArrayList<UUID>();
        for (var reservation : reservations) {
            if (reservation.isNew) {
                newIds.add(reservation.orderId);
                newStates.add(reservation.state);
                newLines.add(json.writeValueAsString(reservation.lines));
                newReleased.add(reservation.releasedAt == null ? null : reservation.releasedAt.toString());
            } else if (reservation.releasedAt != null) { // released by this batch
                releasedIds.add(reservation.orderId);
            }
        }
        if (!newIds.isEmpty()) {
            jdbc.sql(
                            """
                            insert into stock_reservation (order_id, state, lines, decided_at, released_at)
                            select d.order_id, d.state, d.lines::jsonb, ?, d.released_at
                            from unnest(?::uuid[], ?::text[], ?::text[], ?::timestamptz[]) as d(order_id, state, lines, released_at)
                            """)
                    .params(
                            Timestamp.from(now),
                            newIds.toArray(UUID[]::new),
                            newStates.toArray(String[]::new),
                            newLines.toArray(String[]::new),
                            newReleased.toArray(String[]::new))
                    .update();
        }
        if (!releasedIds.isEmpty()) {
            jdbc.sql("update stock_reservation set state = 'RELEASED', released_at = ? where order_id = any(?)")
                    .params(Timestamp.from(now), releasedIds.toArray(UUID[]::new))
                    .update();
        }
    }

    private static UUID orderId(Incoming incoming) {
        return switch (incoming.event()) {
            case OrderPlaced placed -> placed.orderId();
            case OrderCancelled cancelled -> cancelled.orderId();
            case OrderExpired expired -> expired.orderId();
            default -> throw new IllegalArgumentException("not an order event of the stock saga: " + incoming);
        };
    }

    /** A product's stock as stored, and as the events of the batch leave it. */
    private static final class Stock {
        final int stored;
        final boolean listed;
        int onHand;

        Stock(int stored, boolean listed) {
            this.stored = stored;
            this.listed = listed;
            this.onHand = stored;
        }
    }

    /** An order's reservation: stored before this batch, or decided in it. */
    private static final class Reservation {
        final UUID orderId;
        final List<StockReserved.Line> lines;
        final boolean isNew;
        String state;

        /** When this batch released it; null for a reservation it left as it was. */
        @Nullable
        Instant releasedAt;

        Reservation(UUID orderId, String state, List<StockReserved.Line> lines, boolean isNew) {
            this.orderId = orderId;
            this.state = state;
            this.lines = lines;
            this.isNew = isNew;
        }

        static Reservation decided(UUID orderId, String state, List<StockReserved.Line> lines) {
            return new Reservation(orderId, state, lines, true);
        }
    }
}
