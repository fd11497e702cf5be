package vn.ocop.order.orders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import vn.ocop.events.catalog.StockRejected;
import vn.ocop.events.catalog.StockReleased;
import vn.ocop.events.catalog.StockReserved;
import vn.ocop.events.catalog.StockShortage;
import vn.ocop.events.order.OrderCancelled;
import vn.ocop.events.order.OrderConfirmed;
import vn.ocop.events.order.OrderDelivered;
import vn.ocop.events.order.OrderExpired;
import vn.ocop.events.order.OrderPaid;
import vn.ocop.events.order.OrderRejected;
import vn.ocop.events.order.OrderShipped;
import vn.ocop.messaging.EventBatches.Incoming;
import vn.ocop.messaging.Outbox;
import vn.ocop.order.checkout.CheckoutRequest;
import vn.ocop.web.Caller;
import vn.ocop.web.ProblemException;
import vn.ocop.web.Role;

/**
 * The life of an order after checkout. Every change locks the order's row, checks that the move is
 * allowed from the state it is in (409 naming that state otherwise), records the new state with its
 * time and raises its event in the same transaction.
 */
@Service
public class Orders {

    private static final TypeReference<List<OrderView.Line>> LINES = new TypeReference<>() {};
    private static final TypeReference<List<OrderView.StateChange>> HISTORY = new TypeReference<>() {};
    private static final TypeReference<List<StockShortage>> SHORTAGES = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final JsonMapper json;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Orders(JdbcClient jdbc, Outbox outbox, JsonMapper json, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.events = events;
    }

    /** A page of the orders the caller may see, newest first. */
    public record Page(List<OrderView> orders, int page, int size, long total) {}

    /** The order, if the caller may see it: its shopper, its producer, or the office. */
    public Optional<OrderView> find(UUID id, Caller caller) {
        return jdbc.sql(VIEW + " where o.id = ?")
                .param(id)
                .query(this::toView)
                .optional()
                .filter(order -> visible(order.shopper(), order.producerId(), caller));
    }

    /** Shoppers see their own orders, producers the orders for their goods, the office all; optionally in one state. */
    public Page list(Caller caller, OrderState state, int page, int size) {
        String scope;
        Object who;
        if (caller.is(Role.ADMIN)) {
            scope = "?::text is null or true";
            who = null;
        } else if (caller.is(Role.PRODUCER) && caller.producerId().isPresent()) {
            scope = "o.producer_id = ?";
            who = caller.producerId().get();
        } else {
            scope = "o.shopper = ?";
            who = caller.subject();
        }
        var where = " where (" + scope + ") and (?::text is null or o.state = ?::text)";
        var stateName = state == null ? null : state.name();
        long total = jdbc.sql("select count(*) from customer_order o" + where)
                .params(who, stateName, stateName)
                .query(Long.class)
                .single();
        var orders = jdbc.sql(VIEW + where + " order by o.placed_at desc, o.id limit ? offset ?")
                .params(who, stateName, stateName, size, (long) page * size)
                .query(this::toView)
                .list();
        return new Page(orders, page, size, total);
    }

    /**
     * Applies the catalogue's answers in the order given, in one transaction: a reservation confirms
     * a placed order (OrderConfirmed), a rejection rejects it naming the short lines (OrderRejected),
     * a release records that the order's stock went back on sale. An answer for an order that is no
     * longer placed (a cancelled order stays cancelled) changes nothing. The orders are locked in id
     * order and written back together, so a batch of a hundred answers costs a handful of statements.
     * The checkouts whose orders were decided are published as {@link OrdersDecided}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void settle(List<Incoming> answers) {
        var ids = new ArrayList<UUID>();
        for (var answer : answers) {
            switch (answer.event()) {
                case StockReserved reserved -> ids.add(reserved.orderId());
                case StockRejected rejected -> ids.add(rejected.orderId());
                // A release changes no state, but its order is written below: locked here with the
                // rest, in id order, as a payment locks a checkout's orders.
                case StockReleased released -> ids.add(released.orderId());
                default -> {
                    // not an answer of the saga: refused below
                }
            }
        }
        var orders = lockAll(ids);
        var now = clock.instant();
        var moves = new Moves();
        var decided = new HashSet<UUID>();
        var releasedIds = new ArrayList<UUID>();
        var releasedAt = new ArrayList<String>();
        for (var answer : answers) {
            switch (answer.event()) {
                case StockReserved reserved -> {
                    var order = orders.get(reserved.orderId());
                    if (order != null && order.state() == OrderState.PLACED) {
                        var confirmed = moves.move(order, OrderState.CONFIRMED, null, null);
                        orders.put(order.id(), confirmed);
                        decided.add(order.checkoutId());
                        outbox.append(
                                new OrderConfirmed(
                                        UUID.randomUUID(),
                                        now,
                                        order.id(),
                                        confirmed.version(),
                                        order.checkoutId(),
                                        order.shopper(),
                                        order.producerId(),
                                        order.totalVnd()),
                                answer.traceparent());
                    }
                }
                case StockRejected rejected -> {
                    var order = orders.get(rejected.orderId());
                    if (order != null && order.state() == OrderState.PLACED) {
                        var refused = moves.move(
                                order,
                                OrderState.REJECTED,
                                "stock short for " + rejected.shortages().size() + " line(s)",
                                json.writeValueAsString(rejected.shortages()));
                        orders.put(order.id(), refused);
                        decided.add(order.checkoutId());
                        outbox.append(
                                new OrderRejected(
                                        UUID.randomUUID(),
                                        now,
                                        order.id(),
                                        refused.version(),
                                        order.checkoutId(),
                                        order.shopper(),
                                        order.producerId(),
                                        rejected.shortages()),
                                answer.traceparent());
                    }
                }
                case StockReleased released -> {
                    releasedIds.add(released.orderId());
                    releasedAt.add(released.occurredAt().toString());
                }
                default -> throw new IllegalArgumentException("not an answer of the stock saga: " + answer);
            }
        }
        moves.store(now);
        if (!decided.isEmpty()) {
            events.publishEvent(new OrdersDecided(Set.copyOf(decided)));
        }
        if (!releasedIds.isEmpty()) {
            jdbc.sql(
                            """
                            update customer_order o set stock_released_at = r.at
                            from unnest(?::uuid[], ?::timestamptz[]) as r(id, at)
                            where o.id = r.id and o.stock_released_at is null
                            """)
                    .params(releasedIds.toArray(UUID[]::new), releasedAt.toArray(String[]::new))
                    .update();
        }
    }

    /** State changes of a batch, kept in memory and written by two statements. */
    private final class Moves {
        private final Map<UUID, Row> rows = new LinkedHashMap<>();
        private final List<UUID> historyIds = new ArrayList<>();
        private final List<String> historyStates = new ArrayList<>();
        private final List<String> historyNotes = new ArrayList<>();

        Locked move(Locked order, OrderState to, String note, String shortages) {
            var moved = order.movedTo(to);
            var previous = rows.get(order.id());
            rows.put(
                    order.id(),
                    new Row(
                            to,
                            moved.version(),
                            shortages != null || previous == null ? shortages : previous.shortages()));
            historyIds.add(order.id());
            historyStates.add(to.name());
            historyNotes.add(note);
            return moved;
        }

        /** An order's state after the batch, and the shortages that rejected it (JSON), if any. */
        private record Row(OrderState state, long version, String shortages) {}

        void store(Instant now) {
            if (rows.isEmpty()) {
                return;
            }
            var at = Timestamp.from(now);
            var states = new String[rows.size()];
            var versions = new Long[rows.size()];
            var shortages = new String[rows.size()];
            int i = 0;
            for (var row : rows.values()) {
                states[i] = row.state().name();
                versions[i] = row.version();
                shortages[i] = row.shortages();
                i++;
            }
            jdbc.sql(
                            """
                            update customer_order o set state = m.state, version = m.version, state_since = ?,
                                   shortages = coalesce(m.shortages::jsonb, o.shortages)
                            from unnest(?::uuid[], ?::text[], ?::bigint[], ?::text[]) as m(id, state, version, shortages)
                            where o.id = m.id
                            """)
                    .params(at, rows.keySet().toArray(UUID[]::new), states, versions, shortages)
                    .update();
            jdbc.sql(
                            """
                            insert into order_state_change (order_id, state, at, note)
                            select h.order_id, h.state, ?, h.note
                            from unnest(?::uuid[], ?::text[], ?::text[]) with ordinality as h(order_id, state, note, n)
                            order by h.n
                            """)
                    .params(
                            at,
                            historyIds.toArray(UUID[]::new),
                            historyStates.toArray(String[]::new),
                            historyNotes.toArray(String[]::new))
                    .update();
        }
    }

    /** The shopper (before shipping), the order's producer or the office cancels; stock goes back. */
    @Transactional
    public OrderView cancel(UUID id, String reason, Caller caller) {
        var order = visibleLocked(id, caller);
        if (!OrderState.CANCELLABLE.contains(order.state())) {
            throw illegal(order, "cancelled");
        }
        var by = caller.is(Role.ADMIN) ? Role.ADMIN : caller.is(Role.PRODUCER) ? Role.PRODUCER : Role.SHOPPER;
        jdbc.sql("update customer_order set cancel_reason = ? where id = ?")
                .params(reason, id)
                .update();
        long version = move(order, OrderState.CANCELLED, "by " + by.name().toLowerCase());
        outbox.append(new OrderCancelled(
                UUID.randomUUID(),
                clock.instant(),
                id,
                version,
                order.checkoutId(),
                order.shopper(),
                order.producerId(),
                by.name(),
                reason,
                order.state().name(),
                order.state() == OrderState.PAID ? order.paidVnd() : 0));
        return find(id, caller).orElseThrow();
    }

    /** The producer hands a paid order's parcel over, naming the traceable packages in it. */
    @Transactional
    public OrderView ship(UUID id, List<String> packageSerials, Caller caller) {
        var order = visibleLocked(id, caller);
        if (!caller.mayActFor(order.producerId())) {
            throw ProblemException.forbidden("Only the order's producer or the office ships it.");
        }
        if (order.state() != OrderState.PAID) {
            throw illegal(order, "shipped (only a paid order ships)");
        }
        jdbc.sql("update customer_order set package_serials = ? where id = ?")
                .params(packageSerials.toArray(String[]::new), id)
                .update();
        long version = move(order, OrderState.SHIPPED, packageSerials.size() + " package(s)");
        outbox.append(new OrderShipped(
                UUID.randomUUID(),
                clock.instant(),
                id,
                version,
                order.checkoutId(),
                order.shopper(),
                order.producerId(),
                List.copyOf(packageSerials)));
        return find(id, caller).orElseThrow();
    }

    /** The shopper confirms the parcel arrived. */
    @Transactional
    public OrderView confirmDelivery(UUID id, Caller caller) {
        var order = visibleLocked(id, caller);
        if (!caller.is(Role.ADMIN) && !order.shopper().equals(caller.subject())) {
            throw ProblemException.forbidden("Only the shopper confirms delivery.");
        }
        if (order.state() != OrderState.SHIPPED) {
            throw illegal(order, "confirmed as delivered (only a shipped order is)");
        }
        deliver(order, false);
        return find(id, caller).orElseThrow();
    }

    /**
     * Marks a confirmed order paid by bank transactions (most often one), {@code paidVnd} of them being
     * the order's (what is owed back if the order is cancelled); runs inside the payment's transaction.
     * The first transaction is the one the order and its event name; the history names them all.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void markPaid(UUID id, List<String> transactionIds, long paidVnd) {
        var order = lock(id).orElseThrow();
        if (order.state() != OrderState.CONFIRMED) {
            throw new IllegalStateException("Order " + id + " is " + order.state() + ", not CONFIRMED");
        }
        var transactionId = transactionIds.getFirst();
        jdbc.sql("update customer_order set payment_transaction = ?, paid_vnd = ? where id = ?")
                .params(transactionId, paidVnd, id)
                .update();
        long version = move(
                order,
                OrderState.PAID,
                transactionIds.size() == 1
                        ? "bank transaction " + transactionId
                        : "bank transactions " + String.join(", ", transactionIds));
        outbox.append(new OrderPaid(
                UUID.randomUUID(),
                clock.instant(),
                id,
                version,
                order.checkoutId(),
                order.shopper(),
                order.producerId(),
                order.totalVnd(),
                transactionId));
    }

    /**
     * Whether a checkout (the column or parameter filled in, {@code %1$s}) has a transfer held until
     * its stock is reserved, or transfers that wait for the office because they did not make exactly
     * the amount due but make at least what its confirmed orders come to now (one too large, two too
     * many, or one short that a cancellation since has made enough): either way the money arrived in
     * time.
     */
    private static final String PAYMENT_HELD =
            """
            coalesce((select bool_or(n.outcome = 'AWAITING_STOCK')
                        or sum(n.amount_vnd) filter (where n.outcome = 'AMOUNT_MISMATCH')
                            >= (select sum(c.total_vnd) from customer_order c
                                where c.checkout_id = %1$s and c.state = 'CONFIRMED')
                      from payment_notification n where n.checkout_id = %1$s
                       and (n.outcome = 'AWAITING_STOCK' or (n.outcome = 'AMOUNT_MISMATCH' and n.resolution is null))),
                     false)""";

    /**
     * Orders still unpaid that were placed before {@code cutoff}, leaving out those whose checkout has a
     * transfer held ({@link #paymentHeld}); of those still waiting for their stock, only ones placed at
     * or after {@code heldCutoff} ({@link OrderProperties#heldStockLimit}).
     */
    List<UUID> unpaidPlacedBefore(Instant cutoff, Instant heldCutoff) {
        return jdbc.sql(
                        """
                        select o.id from customer_order o
                        where o.state in ('PLACED', 'CONFIRMED') and o.placed_at < ?
                          and not (%s and (o.state = 'CONFIRMED' or o.placed_at >= ?))
                        order by o.placed_at limit 1000"""
                                .formatted(PAYMENT_HELD.formatted("o.checkout_id")))
                .params(Timestamp.from(cutoff), Timestamp.from(heldCutoff))
                .query(UUID.class)
                .list();
    }

    /**
     * Whether the shopper's transfer for {@code checkoutId} arrived and waits for the saga or the
     * office: the money is there, so the order is not expired for want of it; the saga's decision or
     * the office applies the payment.
     */
    public boolean paymentHeld(UUID checkoutId) {
        return jdbc.sql("select " + PAYMENT_HELD.formatted(":checkout"))
                .param("checkout", checkoutId)
                .query(Boolean.class)
                .single();
    }

    /** Orders shipped before {@code cutoff} whose delivery nobody confirmed. */
    List<UUID> shippedBefore(Instant cutoff) {
        return jdbc.sql(
                        "select id from customer_order where state = 'SHIPPED' and state_since < ? order by state_since limit 1000")
                .param(Timestamp.from(cutoff))
                .query(UUID.class)
                .list();
    }

    /**
     * Expires an order that is still unpaid after the payment window (placed before {@code cutoff}),
     * with its checkout's other orders that are; their stock goes back. A transfer held for the checkout
     * keeps them, unless an order still waits for its stock and was placed before {@code heldCutoff}.
     * Returns how many orders expired.
     */
    @Transactional
    public int expire(UUID id, Instant cutoff, Instant heldCutoff) {
        // The checkout's orders are decided together, under their locks, as a notification takes them
        // (so a held transfer is either visible here or finds them expired). Whether a transfer holds them
        // is weighed once, against what they all come to: weighed again after each expiry, a short
        // transfer would cover what was left and keep one order, whichever came last, for the office.
        var orders = lockAll(jdbc.sql(
                        """
                        select id from customer_order
                        where checkout_id = (select checkout_id from customer_order where id = ?)
                        """)
                .param(id)
                .query(UUID.class)
                .list());
        if (orders.isEmpty()) {
            return 0;
        }
        boolean held = paymentHeld(orders.values().iterator().next().checkoutId());
        int expired = 0;
        for (var order : orders.values().stream()
                .sorted(Comparator.comparing(Locked::id))
                .toList()) {
            if (!OrderState.UNPAID.contains(order.state())
                    || !order.placedAt().isBefore(cutoff)
                    || (held
                            && (order.state() == OrderState.CONFIRMED
                                    || !order.placedAt().isBefore(heldCutoff)))) {
                continue;
            }
            long version = move(order, OrderState.EXPIRED, "unpaid");
            outbox.append(new OrderExpired(
                    UUID.randomUUID(),
                    clock.instant(),
                    order.id(),
                    version,
                    order.checkoutId(),
                    order.shopper(),
                    order.producerId(),
                    order.state().name()));
            expired++;
        }
        return expired;
    }

    /** Takes a shipped order as delivered once nobody confirmed it within the window. */
    @Transactional
    public boolean assumeDelivered(UUID id, Instant cutoff) {
        return lock(id).filter(
                        o -> o.state() == OrderState.SHIPPED && o.stateSince().isBefore(cutoff))
                .map(order -> {
                    deliver(order, true);
                    return true;
                })
                .orElse(false);
    }

    private void deliver(Locked order, boolean assumed) {
        long version = move(order, OrderState.DELIVERED, assumed ? "assumed: not confirmed in time" : null);
        outbox.append(new OrderDelivered(
                UUID.randomUUID(),
                clock.instant(),
                order.id(),
                version,
                order.checkoutId(),
                order.shopper(),
                order.producerId(),
                assumed));
    }

    /** Moves one locked order, written as a batch of one; returns its new version. */
    private long move(Locked order, OrderState to, String note) {
        var moves = new Moves();
        var moved = moves.move(order, to, note, null);
        moves.store(clock.instant());
        return moved.version();
    }

    private static ProblemException illegal(Locked order, String what) {
        return ProblemException.conflict(
                        "order-state-conflict",
                        "Order " + order.id() + " is " + order.state() + "; it cannot be " + what + ".")
                .with("state", order.state().name());
    }

    private Locked visibleLocked(UUID id, Caller caller) {
        return lock(id).filter(order -> visible(order.shopper(), order.producerId(), caller))
                .orElseThrow(() -> ProblemException.notFound("Order " + id));
    }

    private static boolean visible(String shopper, UUID producer, Caller caller) {
        return caller.is(Role.ADMIN)
                || (caller.is(Role.SHOPPER) && shopper.equals(caller.subject()))
                || (caller.is(Role.PRODUCER)
                        && caller.producerId().filter(producer::equals).isPresent());
    }

    private static final String LOCK =
            """
            select id, version, checkout_id, shopper, producer_id, state, total_vnd, coalesce(paid_vnd, total_vnd) as paid_vnd,
                   placed_at, state_since
            from customer_order
            """;

    /** The order's row, locked until the transaction ends. */
    Optional<Locked> lock(UUID id) {
        return jdbc.sql(LOCK + " where id = ? for update")
                .param(id)
                .query(Orders::locked)
                .optional();
    }

    /** The orders' rows, locked in id order until the transaction ends; unknown ids are left out. */
    private Map<UUID, Locked> lockAll(List<UUID> ids) {
        var found = new HashMap<UUID, Locked>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.sql(LOCK + " where id = any(?) order by id for update")
                .param(ids.toArray(UUID[]::new))
                .query(Orders::locked)
                .list()
                .forEach(order -> found.put(order.id(), order));
        return found;
    }

    private static Locked locked(ResultSet rs, int row) throws SQLException {
        return new Locked(
                rs.getObject("id", UUID.class),
                rs.getLong("version"),
                rs.getObject("checkout_id", UUID.class),
                rs.getString("shopper"),
                rs.getObject("producer_id", UUID.class),
                OrderState.valueOf(rs.getString("state")),
                rs.getLong("total_vnd"),
                rs.getLong("paid_vnd"),
                rs.getTimestamp("placed_at").toInstant(),
                rs.getTimestamp("state_since").toInstant());
    }

    record Locked(
            UUID id,
            long version,
            UUID checkoutId,
            String shopper,
            UUID producerId,
            OrderState state,
            long totalVnd,
            long paidVnd,
            Instant placedAt,
            Instant stateSince) {

        Locked movedTo(OrderState to) {
            return new Locked(
                    id, version + 1, checkoutId, shopper, producerId, to, totalVnd, paidVnd, placedAt, stateSince);
        }
    }

    private static final String VIEW =
            """
            select o.id, o.version, o.checkout_id, o.shopper, o.producer_id, o.state, o.total_vnd, o.placed_at,
                   o.shortages::text as shortages, o.package_serials, o.stock_released_at, o.cancel_reason,
                   o.payment_transaction, o.paid_vnd, c.delivery::text as delivery,
                   (select json_agg(json_build_object('productId', l.product_id, 'name', l.name,
                           'unitPriceVnd', l.unit_price_vnd, 'quantity', l.quantity) order by l.position)
                    from order_line l where l.order_id = o.id)::text as lines,
                   (select json_agg(json_build_object('state', h.state,
                           'at', to_char(h.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'note', h.note)
                           order by h.seq)
                    from order_state_change h where h.order_id = o.id)::text as history
            from customer_order o join checkout c on c.id = o.checkout_id
            """;

    private OrderView toView(ResultSet rs, int row) throws SQLException {
        var serials = rs.getArray("package_serials");
        var released = rs.getTimestamp("stock_released_at");
        var shortages = rs.getString("shortages");
        return new OrderView(
                rs.getObject("id", UUID.class),
                rs.getLong("version"),
                rs.getObject("checkout_id", UUID.class),
                rs.getString("shopper"),
                rs.getObject("producer_id", UUID.class),
                OrderState.valueOf(rs.getString("state")),
                rs.getLong("total_vnd"),
                rs.getTimestamp("placed_at").toInstant(),
                json.readValue(rs.getString("lines"), LINES),
                json.readValue(rs.getString("history"), HISTORY),
                shortages == null ? List.of() : json.readValue(shortages, SHORTAGES),
                serials == null ? List.of() : Arrays.asList((String[]) serials.getArray()),
                released == null ? null : released.toInstant(),
                rs.getString("cancel_reason"),
                rs.getString("payment_transaction"),
                rs.getObject("paid_vnd", Long.class),
                json.readValue(rs.getString("delivery"), CheckoutRequest.Delivery.class));
    }
}
