package vn.ocop.order.checkout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import vn.ocop.events.order.OrderPlaced;
import vn.ocop.messaging.Outbox;
import vn.ocop.order.catalogue.ProductCopies;
import vn.ocop.order.payment.Payments;
import vn.ocop.order.payment.VietQr;
import vn.ocop.web.Caller;
import vn.ocop.web.ProblemException;
import vn.ocop.web.Provinces;

/**
 * Places checkouts: one order per producer, priced from the catalogue copy, each raising OrderPlaced.
 * A checkout is placed once per Idempotency-Key: the same key with the same body answers with the
 * same checkout; with another body it is refused.
 */
@Service
public class Checkouts {

    /** A checkout with its orders and their lines, read by one query (a page of them too). */
    private static final String VIEW =
            """
            select c.id, c.shopper, c.created_at, c.total_vnd, c.delivery::text as delivery, c.payment_reference,
                   (select json_agg(json_build_object('id', o.id, 'producerId', o.producer_id, 'state', o.state,
                               'totalVnd', o.total_vnd,
                               'lines', (select json_agg(json_build_object('productId', l.product_id, 'name', l.name,
                                               'unitPriceVnd', l.unit_price_vnd, 'quantity', l.quantity,
                                               'lineTotalVnd', l.unit_price_vnd * l.quantity) order by l.position)
                                         from order_line l where l.order_id = o.id))
                           order by o.placed_at, o.id)
                    from customer_order o where o.checkout_id = c.id)::text as orders
            from checkout c
            """;

    private static final TypeReference<List<CheckoutView.Order>> ORDERS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final ProductCopies products;
    private final JsonMapper json;
    private final Clock clock;
    private volatile Supplier<String> references = Payments::newReference;

    Checkouts(JdbcClient jdbc, Outbox outbox, ProductCopies products, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.products = products;
        this.json = json;
        this.clock = clock;
    }

    /** Where payment references come from; a test draws a taken one on purpose. */
    void useReferences(Supplier<String> references) {
        this.references = references;
    }

    /** Draws of a payment reference before giving up: two in a row taken is about one in 10^12. */
    private static final int REFERENCE_DRAWS = 3;

    /** The outcome: the checkout, and whether this call placed it (false for a repeated key). */
    public record Placed(CheckoutView checkout, boolean created) {}

    @Transactional
    public Placed place(CheckoutRequest typed, String idempotencyKey, Caller caller) {
        var shopper = caller.subject();
        // The body as sent: a key repeated with it answers as the first time, whatever the rules since.
        var hash = hash(typed);
        var province = Provinces.find(typed.delivery().province());
        if (province.isEmpty()) {
            return earlier(shopper, idempotencyKey, hash, caller)
                    .orElseThrow(() -> Provinces.refusal(
                            "delivery.province", typed.delivery().province()));
        }
        var request = typed.deliveredIn(province.get());
        Map<UUID, List<CheckoutView.Line>> byProducer;
        try {
            byProducer = priced(request);
        } catch (ProblemException refused) {
            // A repeated key answers as the first time did, even if a product has been withdrawn since.
            return earlier(shopper, idempotencyKey, hash, caller).orElseThrow(() -> refused);
        }

        var checkout = UUID.randomUUID();
        // Stored to the microsecond: the answer to a repeated key, read back, shows the same time.
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var orders = new ArrayList<CheckoutView.Order>();
        byProducer.forEach((producer, lines) -> orders.add(new CheckoutView.Order(
                UUID.randomUUID(),
                producer,
                "PLACED",
                lines.stream().mapToLong(CheckoutView.Line::lineTotalVnd).sum(),
                List.copyOf(lines))));
        // as find lists them: by id in PostgreSQL's order, which is the order of the hex text
        orders.sort(Comparator.comparing(order -> order.id().toString()));
        long total = orders.stream().mapToLong(CheckoutView.Order::totalVnd).sum();
        if (total > VietQr.MAX_AMOUNT_VND) {
            // A VietQR code holds at most 13 digits of đồng: such a checkout could never be paid.
            throw new ProblemException(
                    org.springframework.http.HttpStatus.UNPROCESSABLE_CONTENT,
                    "total-too-large",
                    "The checkout's total of " + total + " đồng is more than one payment can carry ("
                            + VietQr.MAX_AMOUNT_VND + "); split it into smaller checkouts.",
                    "lines");
        }
        CheckoutView view;
        for (int draw = 1; ; draw++) {
            var candidate =
                    new CheckoutView(checkout, now, total, references.get(), List.copyOf(orders), request.delivery());
            if (store(candidate, shopper, idempotencyKey, hash)) {
                view = candidate;
                break;
            }
            // The key was used before: its checkout (committed by now, if it was racing this one) answers.
            var earlier = earlier(shopper, idempotencyKey, hash, caller);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            // Otherwise another checkout holds the reference drawn (40 random bits): draw again.
            if (draw == REFERENCE_DRAWS) {
                throw new IllegalStateException("No free payment reference in " + REFERENCE_DRAWS + " draws");
            }
        }
        for (var order : orders) {
            outbox.append(new OrderPlaced(
                    UUID.randomUUID(),
                    now,
                    order.id(),
                    1,
                    checkout,
                    shopper,
                    order.producerId(),
                    order.lines().stream()
                            .map(l -> new OrderPlaced.Line(l.productId(), l.name(), l.unitPriceVnd(), l.quantity()))
                            .toList(),
                    order.totalVnd(),
                    new OrderPlaced.Destination(
                            request.delivery().province(),
                            request.delivery().commune().strip())));
        }
        return new Placed(view, true);
    }

    /** The lines of {@code request} priced from the catalogue copy, grouped by producer. */
    private Map<UUID, List<CheckoutView.Line>> priced(CheckoutRequest request) {
        var ids = new HashSet<UUID>();
        for (int i = 0; i < request.lines().size(); i++) {
            if (!ids.add(request.lines().get(i).productId())) {
                throw ProblemException.invalid("lines[" + i + "].productId", "names a product already in the checkout");
            }
        }
        var copies = products.find(ids);
        var byProducer = new LinkedHashMap<UUID, List<CheckoutView.Line>>();
        for (int i = 0; i < request.lines().size(); i++) {
            var line = request.lines().get(i);
            var product = copies.get(line.productId());
            if (product == null || !product.listed()) {
                throw new ProblemException(
                        org.springframework.http.HttpStatus.UNPROCESSABLE_CONTENT,
                        "product-unavailable",
                        "Product " + line.productId() + " is not for sale.",
                        "lines[" + i + "].productId");
            }
            byProducer
                    .computeIfAbsent(product.producerId(), p -> new ArrayList<>())
                    .add(new CheckoutView.Line(
                            product.id(),
                            product.name(),
                            product.priceVnd(),
                            line.quantity(),
                            Math.multiplyExact(product.priceVnd(), (long) line.quantity())));
        }
        return byProducer;
    }

    /**
     * The checkout placed earlier under the shopper's key: the same one again for the same request,
     * refused for another.
     */
    private Optional<Placed> earlier(String shopper, String idempotencyKey, String hash, Caller caller) {
        var earlier = jdbc.sql("select id, request_hash from checkout where shopper = ? and idempotency_key = ?")
                .params(shopper, idempotencyKey)
                .query((rs, row) -> new Earlier(rs.getObject(1, UUID.class), rs.getString(2)))
                .optional();
        if (earlier.isEmpty()) {
            return Optional.empty();
        }
        if (!earlier.get().requestHash().equals(hash)) {
            throw ProblemException.conflict(
                    "idempotency-key-reused", "This Idempotency-Key was used for a different checkout.");
        }
        return Optional.of(new Placed(find(earlier.get().id(), caller).orElseThrow(), false));
    }

    /**
     * Writes the checkout, its orders, their lines and first states with one statement; false, and
     * nothing written, when the shopper's key already has a checkout (a racing request with the same
     * key waits here until the first commits) or another checkout has the payment reference.
     */
    private boolean store(CheckoutView view, String shopper, String idempotencyKey, String hash) {
        var orderIds = new ArrayList<UUID>();
        var producers = new ArrayList<UUID>();
        var totals = new ArrayList<Long>();
        var lineOrders = new ArrayList<UUID>();
        var positions = new ArrayList<Integer>();
        var products = new ArrayList<UUID>();
        var names = new ArrayList<String>();
        var prices = new ArrayList<Long>();
        var quantities = new ArrayList<Integer>();
        for (var order : view.orders()) {
            orderIds.add(order.id());
            producers.add(order.producerId());
            totals.add(order.totalVnd());
            for (int position = 0; position < order.lines().size(); position++) {
                var line = order.lines().get(position);
                lineOrders.add(order.id());
                positions.add(position);
                products.add(line.productId());
                names.add(line.name());
                prices.add(line.unitPriceVnd());
                quantities.add(line.quantity());
            }
        }
        var at = Timestamp.from(view.createdAt());
        int placed = jdbc.sql(
                        """
                        with new_checkout as (
                            insert into checkout (id, shopper, idempotency_key, request_hash, total_vnd, delivery, created_at,
                                                  payment_reference)
                            values (?, ?, ?, ?, ?, ?::jsonb, ?, ?)
                            on conflict do nothing
                            returning id
                        ), new_order as (
                            insert into customer_order (id, version, checkout_id, shopper, producer_id, state, total_vnd,
                                                        placed_at, state_since)
                            select o.id, 1, c.id, ?, o.producer_id, 'PLACED', o.total_vnd, ?, ?
                            from new_checkout c, unnest(?::uuid[], ?::uuid[], ?::bigint[]) as o(id, producer_id, total_vnd)
                            returning id
                        ), new_line as (
                            insert into order_line (order_id, position, product_id, name, unit_price_vnd, quantity)
                            select l.order_id, l.position, l.product_id, l.name, l.unit_price_vnd, l.quantity
                            from new_checkout, unnest(?::uuid[], ?::int[], ?::uuid[], ?::text[], ?::bigint[], ?::int[])
                                 as l(order_id, position, product_id, name, unit_price_vnd, quantity)
                        )
                        insert into order_state_change (order_id, state, at)
                        select id, 'PLACED', ? from new_order
                        """)
                .params(
                        view.id(),
                        shopper,
                        idempotencyKey,
                        hash,
                        view.totalVnd(),
                        json.writeValueAsString(view.delivery()),
                        at,
                        view.paymentReference(),
                        shopper,
                        at,
                        at,
                        orderIds.toArray(UUID[]::new),
                        producers.toArray(UUID[]::new),
                        totals.toArray(Long[]::new),
                        lineOrders.toArray(UUID[]::new),
                        positions.toArray(Integer[]::new),
                        products.toArray(UUID[]::new),
                        names.toArray(String[]::new),
                        prices.toArray(Long[]::new),
                        quantities.toArray(Integer[]::new),
                        at)
                .update();
        return placed > 0;
    }

    /** The caller's own checkouts, newest first. */
    public List<CheckoutView> list(Caller caller, int page, int size) {
        return jdbc.sql(VIEW + " where c.shopper = ? order by c.created_at desc, c.id limit ? offset ?")
                .params(caller.subject(), size, (long) page * size)
                .query(this::toView)
                .list();
    }

    /** A shopper's own checkout; another shopper's is not found. */
    public Optional<CheckoutView> find(UUID id, Caller caller) {
        return jdbc.sql(VIEW + " where c.id = ?")
                .param(id)
                .query((rs, row) -> new Owned(rs.getString("shopper"), toView(rs, row)))
                .optional()
                .filter(owned -> owned.shopper().equals(caller.subject()) || caller.is(vn.ocop.web.Role.ADMIN))
                .map(Owned::checkout);
    }

    private CheckoutView toView(ResultSet rs, int row) throws SQLException {
        return new CheckoutView(
                rs.getObject("id", UUID.class),
                rs.getTimestamp("created_at").toInstant(),
                rs.getLong("total_vnd"),
                rs.getString("payment_reference"),
                json.readValue(rs.getString("orders"), ORDERS),
                json.readValue(rs.getString("delivery"), CheckoutRequest.Delivery.class));
    }

    private record Owned(String shopper, CheckoutView checkout) {}

    private record Earlier(UUID id, String requestHash) {}

    private String hash(CheckoutRequest request) {
        try {
            var digest = MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
