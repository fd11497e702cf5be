package vn.ocop.order.payment;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import vn.ocop.order.orders.OrderProperties;
import vn.ocop.order.orders.OrderState;
import vn.ocop.order.orders.Orders;
import vn.ocop.order.orders.OrdersDecided;
import vn.ocop.web.Caller;
import vn.ocop.web.ProblemException;
import vn.ocop.web.Role;

/**
 * Paying a checkout by bank transfer: a VietQR code for the total of its confirmed orders, and the
 * bank's notifications of transfers, matched to the checkout by the reference the bank echoes.
 */
@Service
public class Payments {

    /** "OCOP" and eight Crockford base-32 characters (40 random bits): short, ASCII, easy to read out. */
    private static final Pattern REFERENCE = Pattern.compile("OCOP[0-9A-HJKMNP-TV-Z]{8}");

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Logger log = LoggerFactory.getLogger(Payments.class);

    private final JdbcClient jdbc;
    private final Orders orders;
    private final PaymentProperties properties;
    private final Duration unpaidTimeout;
    private final Clock clock;
    private final TransactionTemplate transactions;

    Payments(
            JdbcClient jdbc,
            Orders orders,
            PaymentProperties properties,
            OrderProperties orderProperties,
            Clock clock,
            PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.orders = orders;
        this.properties = properties;
        this.unpaidTimeout = orderProperties.unpaidTimeout();
        this.clock = clock;
        // A transaction of its own: held payments are applied after the saga's transaction has
        // committed, and work done in an after-commit listener needs a new one.
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** A new checkout's payment reference. */
    public static String newReference() {
        var reference = new StringBuilder("OCOP");
        for (int i = 0; i < 8; i++) {
            reference.append(CROCKFORD[RANDOM.nextInt(CROCKFORD.length)]);
        }
        return reference.toString();
    }

    public record Account(String bankBin, String accountNumber, String accountName) {}

    /**
     * What to pay for a checkout: {@code status} AWAITING_PAYMENT, PAYMENT_UNDER_REVIEW (transfers of
     * at least the amount, but not exactly it, wait for the office) or PAID. While awaiting payment,
     * {@code amountVnd} is what is left to pay after the transfers short of it ({@code receivedVnd}),
     * and {@code payload} is the VietQR text for it, {@code qrCode} where its PNG is, {@code payBy}
     * when the orders expire unpaid.
     */
    public record Offer(
            UUID checkoutId,
            String status,
            String reference,
            long amountVnd,
            long receivedVnd,
            Account account,
            String payload,
            String qrCode,
            List<UUID> orders,
            Instant payBy) {}

    /**
     * The offer for a checkout whose orders are all decided; 409 while stock is still being reserved.
     * Read in one snapshot, so that a transfer paying the checkout meanwhile is seen whole or not at all.
     */
    @Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
    public Offer offer(UUID checkoutId, Caller caller) {
        var checkout = jdbc.sql("select shopper, payment_reference from checkout where id = ?")
                .param(checkoutId)
                .query((rs, row) -> new Checkout(rs.getString(1), rs.getString(2)))
                .optional()
                .filter(c -> c.shopper().equals(caller.subject()) || caller.is(Role.ADMIN))
                .orElseThrow(() -> ProblemException.notFound("Checkout " + checkoutId));
        var parts = decidedParts(checkoutId, false);
        var confirmed =
                parts.stream().filter(p -> p.state() == OrderState.CONFIRMED).toList();
        var account = new Account(properties.bankBin(), properties.accountNumber(), properties.accountName());
        long received = partPayments(checkoutId, false).stream()
                .mapToLong(Notification::amountVnd)
                .sum();
        long due = confirmed.stream().mapToLong(Part::totalVnd).sum();
        // Held covers transfers that together make at least what is due, so otherwise received < due.
        if (!confirmed.isEmpty() && orders.paymentHeld(checkoutId)) {
            // Transfers for it are with the office (not exactly the amount due): no second code to pay.
            return new Offer(
                    checkoutId,
                    "PAYMENT_UNDER_REVIEW",
                    checkout.reference(),
                    due,
                    received,
                    account,
                    null,
                    null,
                    confirmed.stream().map(Part::id).toList(),
                    null);
        }
        if (!confirmed.isEmpty()) {
            long amount = due - received;
            return new Offer(
                    checkoutId,
                    "AWAITING_PAYMENT",
                    checkout.reference(),
                    amount,
                    received,
                    account,
                    VietQr.payload(properties.bankBin(), properties.accountNumber(), amount, checkout.reference()),
                    "/api/checkouts/" + checkoutId + "/payment/qr.png",
                    confirmed.stream().map(Part::id).toList(),
                    confirmed.stream()
                            .map(Part::placedAt)
                            .min(Instant::compareTo)
                            .orElseThrow()
                            .plus(unpaidTimeout));
        }
        var paid = parts.stream()
                .filter(p -> p.state() == OrderState.PAID
                        || p.state() == OrderState.SHIPPED
                        || p.state() == OrderState.DELIVERED)
                .toList();
        if (!paid.isEmpty()) {
            return new Offer(
                    checkoutId,
                    "PAID",
                    checkout.reference(),
                    paid.stream().mapToLong(Part::totalVnd).sum(),
                    paid.stream().mapToLong(Part::paidVnd).sum(),
                    account,
                    null,
                    null,
                    paid.stream().map(Part::id).toList(),
                    null);
        }
        throw ProblemException.conflict(
                "nothing-to-pay", "No order of checkout " + checkoutId + " is waiting for payment.");
    }

    /** A transfer notification from the bank, already authenticated. */
    public record Notification(String transactionId, long amountVnd, String reference) {}

    /**
     * What became of a notification: PAID, DUPLICATE (this transaction was seen before: nothing
     * changes), AWAITING_STOCK (held while the checkout's stock is reserved, then applied as if it had
     * arrived then), or flagged for the office: AMOUNT_MISMATCH, UNKNOWN_REFERENCE, NOTHING_DUE, and
     * DUPLICATE_DIFFERING (seen before with another amount or description: nothing changes, the
     * transaction is flagged).
     */
    public record Outcome(
            String transactionId, String outcome, UUID checkoutId, Long expectedVnd, List<UUID> paidOrders) {}

    @Transactional
    public Outcome receive(Notification notification) {
        var now = Timestamp.from(clock.instant());
        int inserted = jdbc.sql(
                        """
                        insert into payment_notification (transaction_id, amount_vnd, reference, outcome, received_at)
                        values (?, ?, ?, 'NOTHING_DUE', ?) on conflict (transaction_id) do nothing
                        """)
                .params(notification.transactionId(), notification.amountVnd(), notification.reference(), now)
                .update();
        if (inserted == 0) {
            var first = jdbc.sql(
                            "select checkout_id, expected_vnd, amount_vnd, reference from payment_notification where transaction_id = ?")
                    .param(notification.transactionId())
                    .query((rs, row) -> new First(
                            rs.getObject(1, UUID.class), (Long) rs.getObject(2), rs.getLong(3), rs.getString(4)))
                    .single();
            boolean differs = first.amountVnd() != notification.amountVnd()
                    || !first.reference().equals(notification.reference());
            if (differs) {
                // The bank never sends one transaction twice with other facts: keep it for the office.
                jdbc.sql(
                                """
                                insert into payment_notification_repeat (transaction_id, amount_vnd, reference, received_at)
                                values (?, ?, ?, ?)
                                """)
                        .params(notification.transactionId(), notification.amountVnd(), notification.reference(), now)
                        .update();
                log.warn(
                        "Bank transaction {} notified again with another amount or description; flagged",
                        notification.transactionId());
            }
            return new Outcome(
                    notification.transactionId(),
                    differs ? "DUPLICATE_DIFFERING" : "DUPLICATE",
                    first.checkoutId(),
                    first.expectedVnd(),
                    List.of());
        }
        var checkout = findReference(notification.reference())
                .flatMap(reference -> jdbc.sql("select id from checkout where payment_reference = ?")
                        .param(reference)
                        .query(UUID.class)
                        .optional());
        if (checkout.isEmpty()) {
            return record(notification, "UNKNOWN_REFERENCE", null, null, List.of());
        }
        return apply(notification, checkout.get());
    }

    /**
     * Matches a recorded notification to its checkout's orders, locked in id order (as the stock saga
     * locks them, so the two never wait on each other crosswise). While any order still waits for its
     * stock the notification is held (AWAITING_STOCK); otherwise it pays the confirmed orders if the
     * amount is theirs, or is flagged.
     */
    private Outcome apply(Notification notification, UUID checkout) {
        var parts = jdbc.sql(
                        "select id, state, total_vnd, placed_at, coalesce(paid_vnd, 0) from customer_order where checkout_id = ?"
                                + " order by id for update")
                .param(checkout)
                .query(Payments::part)
                .list();
        if (parts.stream().anyMatch(p -> p.state() == OrderState.PLACED)) {
            return record(notification, "AWAITING_STOCK", checkout, null, List.of());
        }
        var confirmed =
                parts.stream().filter(p -> p.state() == OrderState.CONFIRMED).toList();
        long due = confirmed.stream().mapToLong(Part::totalVnd).sum();
        if (due == 0) {
            return record(notification, "NOTHING_DUE", checkout, 0L, List.of());
        }
        var transactions = new ArrayList<>(List.of(notification.transactionId()));
        if (due != notification.amountVnd()) {
            // Short transfers before it (a bank's limit on one transfer, or a slip paid up later) that
            // it makes up to the exact amount pay the orders with it.
            var before = partPayments(checkout, true);
            long received = notification.amountVnd()
                    + before.stream().mapToLong(Notification::amountVnd).sum();
            if (before.isEmpty() || received != due) {
                return record(notification, "AMOUNT_MISMATCH", checkout, due, List.of());
            }
            before.forEach(n -> transactions.add(n.transactionId()));
            jdbc.sql("update payment_notification set outcome = 'PAID', expected_vnd = ? where transaction_id = any(?)")
                    .params(
                            due,
                            before.stream().map(Notification::transactionId).toArray(String[]::new))
                    .update();
        }
        for (var order : confirmed) {
            orders.markPaid(order.id(), transactions, order.totalVnd());
        }
        return record(
                notification,
                "PAID",
                checkout,
                due,
                confirmed.stream().map(Part::id).toList());
    }

    /**
     * Once the stock saga has decided orders of these checkouts, and its transaction is committed,
     * applies the payments held for them. A failure here loses nothing: {@link #applyHeldPayments()}
     * finds the same payments at its next pass.
     */
    @TransactionalEventListener
    void onOrdersDecided(OrdersDecided decided) {
        try {
            heldOfDecided(decided.checkoutIds().toArray(UUID[]::new)).forEach(this::applyHeld);
        } catch (RuntimeException e) {
            log.warn("Held payments of decided checkouts not applied now; the next pass applies them", e);
        }
    }

    /**
     * Applies every held payment whose checkout has no order waiting for stock any more: what {@link
     * #onOrdersDecided} did not get to (a stop between the saga's commit and the payment). Runs with
     * the order sweep; returns how many checkouts it looked at.
     */
    @Scheduled(
            fixedDelayString = "${ocop.order.sweep-interval:30s}",
            initialDelayString = "${ocop.order.sweep-interval:30s}")
    public int applyHeldPayments() {
        var decided = heldOfDecided(null);
        decided.forEach(this::applyHeld);
        return decided.size();
    }

    /**
     * Checkouts with a held payment and no order still waiting for stock: among {@code checkouts}, or
     * all when null. A checkout with an order still PLACED keeps its payment held untouched.
     */
    private List<UUID> heldOfDecided(UUID[] checkouts) {
        return jdbc.sql(
                        """
                        select distinct n.checkout_id from payment_notification n
                        where n.outcome = 'AWAITING_STOCK' and (?::uuid[] is null or n.checkout_id = any(?))
                          and not exists (
                            select 1 from customer_order o where o.checkout_id = n.checkout_id and o.state = 'PLACED')
                        """)
                .params(checkouts, checkouts)
                .query(UUID.class)
                .list();
    }

    /**
     * The checkout's held notifications, oldest first, each applied as if it had just arrived. They are
     * locked first: the saga's signal and the sweep (of this or another instance) may both come for
     * the same checkout, and the second then finds nothing held any more.
     */
    private void applyHeld(UUID checkout) {
        transactions.executeWithoutResult(status -> {
            var held = jdbc.sql(
                            """
                            select transaction_id, amount_vnd, reference from payment_notification
                            where checkout_id = ? and outcome = 'AWAITING_STOCK' order by received_at, transaction_id
                            for update
                            """)
                    .param(checkout)
                    .query((rs, row) -> new Notification(rs.getString(1), rs.getLong(2), rs.getString(3)))
                    .list();
            for (var notification : held) {
                var outcome = apply(notification, checkout);
                log.info(
                        "Held payment {} of checkout {} applied: {}",
                        notification.transactionId(),
                        checkout,
                        outcome.outcome());
            }
        });
    }

    /**
     * A recorded notification, as the office sees it: flagged while it needs the office (its outcome,
     * or a differing repeat) and nobody has settled it.
     */
    public record Received(
            String transactionId,
            long amountVnd,
            String reference,
            UUID checkoutId,
            String outcome,
            Long expectedVnd,
            Instant receivedAt,
            int differingRepeats,
            boolean flagged,
            Resolution resolution) {}

    /** How the office settled a flagged notification. */
    public record Resolution(String kind, String note, String by, Instant at) {}

    /** Outcomes that need the office until it settles them. */
    private static final String FLAGGED_OUTCOME =
            "(n.outcome in ('AMOUNT_MISMATCH', 'UNKNOWN_REFERENCE', 'NOTHING_DUE'))";

    /** Flagged: an outcome the office has not settled yet, or a differing repeat it has not settled. */
    private static final String FLAGGED = "((n.resolution is null and " + FLAGGED_OUTCOME + ")"
            + " or exists (select 1 from payment_notification_repeat r where r.transaction_id = n.transaction_id"
            + " and r.settled_at is null))";

    /**
     * A checkout's orders in id order, locked when {@code lock}, once none waits for its stock any
     * more; 409 payment-not-ready while one does.
     */
    private List<Part> decidedParts(UUID checkoutId, boolean lock) {
        var parts = jdbc.sql(
                        "select id, state, total_vnd, placed_at, coalesce(paid_vnd, 0) from customer_order where checkout_id = ?"
                                + " order by id"
                                + (lock ? " for update" : ""))
                .param(checkoutId)
                .query(Payments::part)
                .list();
        var waiting = parts.stream().filter(p -> p.state() == OrderState.PLACED).findFirst();
        if (waiting.isPresent()) {
            throw ProblemException.conflict(
                            "payment-not-ready",
                            "Stock is still being reserved for order "
                                    + waiting.get().id() + "; try again shortly.")
                    .with("state", OrderState.PLACED.name());
        }
        return parts;
    }

    /** Where a page of the office's list ends: the last notification's time and transaction. */
    public record Cursor(Instant receivedAt, String transactionId) {}

    /**
     * Notifications after {@code after} in the list's order (from the newest when null), newest
     * first; only those flagged when {@code flaggedOnly}. The last one's {@code receivedAt} and
     * {@code transactionId} are where the next page starts.
     */
    public List<Received> received(boolean flaggedOnly, Cursor after, int limit) {
        var at = after == null ? null : Timestamp.from(after.receivedAt());
        var id = after == null ? null : after.transactionId();
        return jdbc.sql(
                        """
                        select n.transaction_id, n.amount_vnd, n.reference, n.checkout_id, n.outcome, n.expected_vnd,
                               n.received_at,
                               (select count(*) from payment_notification_repeat r where r.transaction_id = n.transaction_id),
                               %s, n.resolution, n.resolution_note, n.resolved_by, n.resolved_at
                        from payment_notification n
                        where (not ? or %s)
                          and (?::timestamptz is null or n.received_at < ? or (n.received_at = ? and n.transaction_id > ?))
                        order by n.received_at desc, n.transaction_id limit ?
                        """
                                .formatted(FLAGGED, FLAGGED))
                .params(flaggedOnly, at, at, at, id, limit)
                .query((rs, row) -> new Received(
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getObject(4, UUID.class),
                        rs.getString(5),
                        (Long) rs.getObject(6),
                        rs.getTimestamp(7).toInstant(),
                        rs.getInt(8),
                        rs.getBoolean(9),
                        rs.getString(10) == null
                                ? null
                                : new Resolution(
                                        rs.getString(10),
                                        rs.getString(11),
                                        rs.getString(12),
                                        rs.getTimestamp(13).toInstant())))
                .list();
    }

    /**
     * The checkout's transfers that were not the amount due and wait for the office, oldest first;
     * locked when {@code lock} (after the checkout's orders, as everything that pays them locks).
     */
    private List<Notification> partPayments(UUID checkout, boolean lock) {
        return jdbc.sql(
                        """
                        select transaction_id, amount_vnd, reference from payment_notification
                        where checkout_id = ? and outcome = 'AMOUNT_MISMATCH' and resolution is null
                        order by received_at, transaction_id"""
                                + (lock ? " for update" : ""))
                .param(checkout)
                .query((rs, row) -> new Notification(rs.getString(1), rs.getLong(2), rs.getString(3)))
                .list();
    }

    /**
     * The office pays a checkout's confirmed orders with flagged transfers: {@code transactionId} and
     * those in {@code also} (a checkout paid in parts), each one whose amount is off (a bank's fee
     * taken from it, a transfer too large and refunded apart) or whose reference named no checkout
     * ({@code checkoutId} then says which). Their sum is shared among the orders as one transfer's
     * would be. The orders are locked in id order first, then the transfers, as the saga and {@link
     * #apply} lock them.
     */
    @Transactional
    public Outcome applyFlagged(String transactionId, List<String> also, UUID checkoutId, String note, Caller caller) {
        var named = new java.util.TreeSet<String>(also);
        named.add(transactionId);
        // Read without locks to find the checkout: its orders are locked before the transfers, as
        // everything that pays them locks them.
        var checkoutsNamed = jdbc.sql(
                        """
                        select transaction_id, checkout_id, outcome from payment_notification
                        where transaction_id = any(?)
                        """)
                .param(named.toArray(String[]::new))
                .query((rs, row) -> new Named(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3)))
                .list();
        var found = checkoutsNamed.stream().map(Named::transactionId).toList();
        if (!found.contains(transactionId)) {
            throw ProblemException.notFound("Transfer " + transactionId);
        }
        named.stream().filter(id -> !found.contains(id)).findFirst().ifPresent(id -> {
            throw ProblemException.invalid("also", "names " + id + ", which is no transfer received");
        });
        // A transfer held for its stock (AWAITING_STOCK) is refused before any lock: the pass that applies
        // it holds it and then waits for the orders.
        checkoutsNamed.stream()
                .filter(n -> n.outcome().equals("AWAITING_STOCK"))
                .findFirst()
                .ifPresent(n -> {
                    throw notApplicable(n.transactionId(), n.outcome());
                });
        var ofCheckouts = checkoutsNamed.stream()
                .map(Named::checkoutId)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .toList();
        if (ofCheckouts.size() > 1) {
            throw ProblemException.invalid("also", "must name transfers for one checkout; these pay " + ofCheckouts);
        }
        var checkout = ofCheckouts.isEmpty() ? checkoutId : ofCheckouts.getFirst();
        if (checkout == null) {
            throw ProblemException.invalid("checkoutId", "must name the checkout this transfer pays");
        }
        if (checkoutId != null && !checkoutId.equals(checkout)) {
            throw ProblemException.invalid("checkoutId", "must be the checkout the transfer's reference names");
        }
        if (jdbc.sql("select exists (select 1 from checkout where id = ?)")
                .param(checkout)
                .query(Boolean.class)
                .single()
                .equals(false)) {
            throw ProblemException.invalid("checkoutId", "names no checkout");
        }
        // Applied while stock is still being reserved, it would pay only the orders already confirmed.
        var parts = decidedParts(checkout, true);
        long amount = 0;
        for (var id : named) {
            var flagged = flagged(id);
            if (flagged.resolution() != null || !APPLICABLE.contains(flagged.outcome())) {
                throw notApplicable(id, flagged.outcome());
            }
            if (flagged.checkoutId() != null && !flagged.checkoutId().equals(checkout)) {
                // Matched to another checkout since it was read above (held, then applied).
                throw ProblemException.conflict(
                                "payment-not-applicable", "Transfer " + id + " pays another checkout now.")
                        .with("transactionId", id);
            }
            amount += flagged.amountVnd();
        }
        var confirmed =
                parts.stream().filter(p -> p.state() == OrderState.CONFIRMED).toList();
        if (confirmed.isEmpty()) {
            throw ProblemException.conflict(
                    "nothing-to-pay", "No order of checkout " + checkout + " is waiting for payment.");
        }
        var shares = shares(amount, confirmed.stream().mapToLong(Part::totalVnd).toArray());
        var transactions = new ArrayList<String>();
        transactions.add(transactionId);
        named.stream().filter(id -> !id.equals(transactionId)).forEach(transactions::add);
        for (int i = 0; i < confirmed.size(); i++) {
            orders.markPaid(confirmed.get(i).id(), transactions, shares[i]);
        }
        long due = confirmed.stream().mapToLong(Part::totalVnd).sum();
        jdbc.sql(
                        """
                        update payment_notification set outcome = 'PAID', checkout_id = ?, expected_vnd = ?,
                            resolution = 'APPLIED', resolution_note = ?, resolved_by = ?, resolved_at = ?
                        where transaction_id = any(?)
                        """)
                .params(
                        checkout,
                        due,
                        note,
                        caller.subject(),
                        Timestamp.from(clock.instant()),
                        transactions.toArray(String[]::new))
                .update();
        return new Outcome(
                transactionId,
                "PAID",
                checkout,
                due,
                confirmed.stream().map(Part::id).toList());
    }

    /**
     * The office records that a flagged transfer was dealt with otherwise (refunded, say), and any
     * repeat of it with other facts too. A transfer already paid or applied keeps that resolution.
     */
    @Transactional
    public void settle(String transactionId, String note, Caller caller) {
        flagged(transactionId);
        var now = Timestamp.from(clock.instant());
        jdbc.sql(
                        """
                        update payment_notification n set resolution = 'SETTLED', resolution_note = ?, resolved_by = ?,
                            resolved_at = ? where n.transaction_id = ? and n.resolution is null and %s
                        """
                                .formatted(FLAGGED_OUTCOME))
                .params(note, caller.subject(), now, transactionId)
                .update();
        jdbc.sql(
                        """
                        update payment_notification_repeat set settled_at = ?, settled_by = ?, settle_note = ?
                        where transaction_id = ? and settled_at is null
                        """)
                .params(now, caller.subject(), note, transactionId)
                .update();
    }

    private record Flagged(String outcome, UUID checkoutId, String resolution, long amountVnd) {}

    private record Named(String transactionId, UUID checkoutId, String outcome) {}

    /** The outcomes of transfers the office may apply to a checkout. */
    private static final java.util.Set<String> APPLICABLE = java.util.Set.of("AMOUNT_MISMATCH", "UNKNOWN_REFERENCE");

    private static ProblemException notApplicable(String transactionId, String outcome) {
        return ProblemException.conflict(
                        "payment-not-applicable",
                        "Transfer " + transactionId + " is " + outcome
                                + "; only a transfer of the wrong amount or an unknown reference can be applied.")
                .with("outcome", outcome)
                .with("transactionId", transactionId);
    }

    /**
     * Each order's part of a transfer that pays them all: its total when the transfer covers every
     * total (anything above is the office's to return apart); otherwise the transfer shared in
     * proportion to the totals, in whole đồng, the đồng left by rounding down going to the largest
     * remainders (the earlier order on a tie), so that the parts add up to the transfer.
     */
    static long[] shares(long amountVnd, long[] totalsVnd) {
        long due = Arrays.stream(totalsVnd).sum();
        if (amountVnd >= due) {
            return totalsVnd.clone();
        }
        var shares = new long[totalsVnd.length];
        var remainders = new BigInteger[totalsVnd.length];
        long left = amountVnd;
        for (int i = 0; i < totalsVnd.length; i++) {
            var split = BigInteger.valueOf(totalsVnd[i])
                    .multiply(BigInteger.valueOf(amountVnd))
                    .divideAndRemainder(BigInteger.valueOf(due));
            shares[i] = split[0].longValueExact();
            remainders[i] = split[1];
            left -= shares[i];
        }
        var byRemainder = IntStream.range(0, totalsVnd.length)
                .boxed()
                .sorted(Comparator.comparing((Integer i) -> remainders[i])
                        .reversed()
                        .thenComparing(i -> i))
                .toList();
        for (int k = 0; k < left; k++) {
            shares[byRemainder.get(k)]++;
        }
        return shares;
    }

    /** The notification, locked; 404 when unknown, 409 when it is not flagged (or settled already). */
    private Flagged flagged(String transactionId) {
        var found = jdbc.sql(
                        """
                        select n.outcome, n.checkout_id, n.resolution, n.amount_vnd, %s from payment_notification n
                        where n.transaction_id = ? for update
                        """
                                .formatted(FLAGGED))
                .param(transactionId)
                .query((rs, row) -> Map.entry(
                        new Flagged(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getLong(4)),
                        rs.getBoolean(5)))
                .optional()
                .orElseThrow(() -> ProblemException.notFound("Transfer " + transactionId));
        if (!found.getValue()) {
            throw ProblemException.conflict(
                            "payment-not-flagged",
                            "Transfer " + transactionId + " needs nothing from the office ("
                                    + found.getKey().outcome() + ", or settled already).")
                    .with("outcome", found.getKey().outcome());
        }
        return found.getKey();
    }

    private Outcome record(Notification notification, String outcome, UUID checkout, Long expected, List<UUID> paid) {
        jdbc.sql(
                        "update payment_notification set outcome = ?, checkout_id = ?, expected_vnd = ? where transaction_id = ?")
                .params(outcome, checkout, expected, notification.transactionId())
                .update();
        return new Outcome(notification.transactionId(), outcome, checkout, expected, paid);
    }

    /** Banks add their own words around the description; the reference is found anywhere in it. */
    static Optional<String> findReference(String description) {
        var matcher = REFERENCE.matcher(description.toUpperCase(Locale.ROOT));
        return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
    }

    private record Checkout(String shopper, String reference) {}

    /** The facts of a transaction as first notified. */
    private record First(UUID checkoutId, Long expectedVnd, long amountVnd, String reference) {}

    private record Part(UUID id, OrderState state, long totalVnd, Instant placedAt, long paidVnd) {}

    private static Part part(ResultSet rs, int row) throws SQLException {
        return new Part(
                rs.getObject(1, UUID.class),
                OrderState.valueOf(rs.getString(2)),
                rs.getLong(3),
                rs.getTimestamp(4).toInstant(),
                rs.getLong(5));
    }
}
