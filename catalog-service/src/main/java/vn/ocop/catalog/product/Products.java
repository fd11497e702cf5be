package vn.ocop.catalog.product;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.ocop.catalog.certificate.CertificateRecorded;
import vn.ocop.catalog.certificate.Certificates;
import vn.ocop.catalog.producer.ProducerRejected;
import vn.ocop.catalog.producer.ProducerSuspended;
import vn.ocop.events.catalog.ProductDelisted;
import vn.ocop.events.catalog.ProductListed;
import vn.ocop.events.catalog.ProductSnapshot;
import vn.ocop.events.catalog.ProductUpdated;
import vn.ocop.events.catalog.StockChanged;
import vn.ocop.messaging.Outbox;
import vn.ocop.web.Caller;
import vn.ocop.web.ProblemException;
import vn.ocop.web.Role;
import vn.ocop.web.UniqueIndex;

/**
 * The catalogue's products: producers create them, list them for sale when the OCOP rules allow,
 * and keep price, text and stock current. Every change raises its event in the same transaction.
 */
@Service
public class Products {

    /** Reasons recorded for a withdrawal by hand; a free-text note follows after ": ". */
    static final String OFFICE_WITHDRAWAL = "WITHDRAWN_BY_OFFICE";

    static final String PRODUCER_WITHDRAWAL = "WITHDRAWN_BY_PRODUCER";

    /** Certificates are dated in Vietnam's time zone: "valid on the day" means the day in Vietnam. */
    public static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Certificates certificates;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;

    Products(
            JdbcClient jdbc,
            Outbox outbox,
            Certificates certificates,
            Clock clock,
            org.springframework.context.ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.certificates = certificates;
        this.clock = clock;
        this.events = events;
    }

    @Transactional
    public ProductView create(ProductRequests.CreateProduct request, Caller caller) {
        UUID producer = caller.is(Role.ADMIN) && request.producerId() != null
                ? request.producerId()
                : caller.producerId()
                        .orElseThrow(() -> ProblemException.invalid("producerId", "must name the producer"));
        if (!caller.mayActFor(producer)) {
            throw ProblemException.forbidden("A producer may only create its own products.");
        }
        // Locked (shared) so that a rejection under way is waited for, and then seen.
        boolean rejected = jdbc.sql("select rejected_at is not null from producer where id = ? for share")
                .param(producer)
                .query(Boolean.class)
                .optional()
                .orElseThrow(() -> ProblemException.invalid("producerId", "no producer with this id"));
        if (rejected) {
            throw producerRejected();
        }
        if (request.gtin() != null) {
            requireFreeGtin(request.gtin());
        }
        var id = UUID.randomUUID();
        var now = Timestamp.from(clock.instant());
        var insert = jdbc.sql(
                        """
                        insert into product (id, version, producer_id, name, description, ocop_group, gtin, unit,
                                             net_quantity, price_vnd, stock, status, created_at, updated_at)
                        values (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'DRAFT', ?, clock_timestamp())
                        """)
                .params(
                        id,
                        producer,
                        request.name().strip(),
                        request.description().strip(),
                        request.group().name(),
                        request.gtin(),
                        request.unit().strip(),
                        request.netQuantity().strip(),
                        request.priceVnd(),
                        request.stock(),
                        now);
        whileGtinFree(request.gtin(), insert::update);
        return view(id);
    }

    /** Puts a product on sale, if its producer is verified and a valid certificate of 3+ stars covers it. */
    @Transactional
    public ProductView list(UUID id, Caller caller) {
        var current = owned(id, caller);
        if (current.status().equals("LISTED")) {
            return view(id);
        }
        if (current.delistReason() != null
                && current.delistReason().startsWith(OFFICE_WITHDRAWAL)
                && !caller.is(Role.ADMIN)) {
            throw ProblemException.ruleViolated(
                    "withdrawn-by-office",
                    "The provincial OCOP office withdrew this product; only the office can list it again.");
        }
        var decision = ListingRules.decide(current.producerVerified(), certificates.covering(id), today());
        switch (decision) {
            case ListingRules.Decision.Refused refused ->
                throw ProblemException.ruleViolated(refused.rule(), refused.detail());
            case ListingRules.Decision.Allowed allowed -> {
                long version = bump(
                        id,
                        "status = 'LISTED', delist_reason = null, certificate_id = :certificate, listed_at = :now",
                        allowed.certificate().id());
                var snapshot = snapshot(id);
                outbox.append(new ProductListed(UUID.randomUUID(), clock.instant(), id, version, snapshot));
            }
        }
        return view(id);
    }

    /**
     * Refuses a GTIN whose check digit is wrong (400), one another product has (409 duplicate-gtin), and
     * one a deleted product had (409 gtin-retired): printed labels carry it, and their scans must still
     * reach that product.
     */
    private void requireFreeGtin(String gtin) {
        if (!Gtin.isValid(gtin)) {
            throw ProblemException.invalid("gtin", "check digit does not match (GS1 mod-10)");
        }
        if (jdbc.sql("select count(*) from product where gtin = ?")
                        .param(gtin)
                        .query(Long.class)
                        .single()
                > 0) {
            throw new ProblemException(
                    HttpStatus.CONFLICT, "duplicate-gtin", "Another product has GTIN " + gtin + ".", "gtin");
        }
        if (jdbc.sql("select count(*) from retired_gtin where gtin = ?")
                        .param(gtin)
                        .query(Long.class)
                        .single()
                > 0) {
            throw new ProblemException(
                    HttpStatus.CONFLICT,
                    "gtin-retired",
                    "GTIN " + gtin + " belonged to a deleted product; labels carry it, so it is never given to"
                            + " another product (GS1 rules too).",
                    "gtin");
        }
    }

    /**
     * Runs a write that may give a product {@code gtin}. Another product that took the GTIN after {@link
     * #requireFreeGtin} looked, and committed first, is the same 409 duplicate-gtin, not a field-less
     * conflict: the unique index is the final word.
     */
    private void whileGtinFree(String gtin, Runnable write) {
        UniqueIndex.guarding(
                "product_gtin_key",
                () -> new ProblemException(
                        HttpStatus.CONFLICT, "duplicate-gtin", "Another product has GTIN " + gtin + ".", "gtin"),
                write);
    }

    @Transactional
    public ProductView update(UUID id, ProductRequests.UpdateProduct request, Caller caller) {
        var current = owned(id, caller);
        var changed = new ArrayList<String>();
        if (request.gtin() != null && !request.gtin().equals(current.gtin())) {
            if (current.gtin() != null) {
                throw new ProblemException(
                        HttpStatus.CONFLICT,
                        "gtin-fixed",
                        "This product's GTIN is " + current.gtin() + " and stays so: labels carry it.",
                        "gtin");
            }
            requireFreeGtin(request.gtin());
            changed.add("gtin");
        }
        if (request.name() != null && !request.name().strip().equals(current.name())) {
            changed.add("name");
        }
        if (request.description() != null && !request.description().strip().equals(current.description())) {
            changed.add("description");
        }
        if (request.priceVnd() != null && request.priceVnd() != current.priceVnd()) {
            changed.add("price");
        }
        if (changed.isEmpty()) {
            return view(id);
        }
        var update = jdbc.sql(
                        """
                        update product set name = coalesce(:name, name), description = coalesce(:description, description),
                               price_vnd = coalesce(:price, price_vnd), gtin = coalesce(:gtin, gtin)
                        where id = :id
                        """)
                .param("name", request.name() == null ? null : request.name().strip())
                .param(
                        "description",
                        request.description() == null
                                ? null
                                : request.description().strip())
                .param("price", request.priceVnd())
                .param("gtin", request.gtin())
                .param("id", id);
        whileGtinFree(request.gtin(), update::update);
        long version = bump(id, null, null);
        outbox.append(new ProductUpdated(
                UUID.randomUUID(), clock.instant(), id, version, List.copyOf(changed), snapshot(id)));
        return view(id);
    }

    @Transactional
    public ProductView setStock(UUID id, int stock, @Nullable Integer expected, Caller caller) {
        var current = owned(id, caller);
        if (expected != null && current.stock() != expected) {
            throw ProblemException.conflict(
                            "stock-changed",
                            "The stock is " + current.stock() + " now, not " + expected
                                    + ": orders took or gave back units since it was read. Count again from "
                                    + current.stock() + ", or send what arrived as an adjustment.")
                    .with("stock", current.stock());
        }
        return changeStock(id, current.stock(), stock);
    }

    /**
     * Adds {@code change} (negative to take) to the stock as it is now: a delivery received or goods written
     * off, which orders reserving units at the same moment cannot undo, as an absolute count read before them
     * could.
     */
    @Transactional
    public ProductView adjustStock(UUID id, int change, Caller caller) {
        if (change == 0) {
            throw ProblemException.invalid("change", "must not be zero");
        }
        var current = owned(id, caller);
        long stock = (long) current.stock() + change;
        if (stock < 0) {
            throw ProblemException.conflict(
                            "stock-insufficient",
                            "Taking " + -change + " would leave the stock below zero: " + current.stock()
                                    + " in stock.")
                    .with("stock", current.stock());
        }
        // Only what is added counts against the maximum: units given back by orders may have passed it.
        if (change > 0 && stock > ProductRequests.MAX_STOCK) {
            throw ProblemException.invalid(
                    "change",
                    "would bring the stock to " + stock + ", above " + ProductRequests.MAX_STOCK + " (it is "
                            + current.stock() + " now)");
        }
        return changeStock(id, current.stock(), (int) stock);
    }

    private ProductView changeStock(UUID id, int previous, int stock) {
        if (previous == stock) {
            return view(id);
        }
        jdbc.sql("update product set stock = ? where id = ?").params(stock, id).update();
        long version = bump(id, null, null);
        outbox.append(new StockChanged(UUID.randomUUID(), clock.instant(), id, version, previous, snapshot(id)));
        return view(id);
    }

    /**
     * Adds each product's delta (negative to take) to its stock, for the reservations and releases of
     * a batch of orders. The caller holds the rows' locks; the table's check keeps stock from ever
     * going below zero. The stock topic already carries every reservation and release, so
     * StockChanged (with a new product version) follows only for a product that the batch sells out
     * or brings back into stock: the fact that search and the other services' copies show.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public void changeStocksBy(Map<UUID, Integer> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        var ids = deltas.keySet().toArray(UUID[]::new);
        var amounts = deltas.values().toArray(Integer[]::new);
        var previous = new TreeMap<UUID, Integer>();
        jdbc.sql(
                        """
                        update product p set stock = p.stock + d.delta, updated_at = clock_timestamp()
                        from unnest(?::uuid[], ?::int[]) as d(id, delta)
                        where p.id = d.id returning p.id, p.stock - d.delta
                        """)
                .params(ids, amounts)
                .query(rs -> {
                    previous.put(rs.getObject(1, UUID.class), rs.getInt(2));
                });
        previous.forEach((id, before) -> {
            if ((before > 0) != (before + deltas.get(id) > 0)) {
                long version = bump(id, null, null);
                outbox.append(new StockChanged(UUID.randomUUID(), clock.instant(), id, version, before, snapshot(id)));
            }
        });
    }

    /**
     * Deletes a product that is not on sale, with its photos; the stored photo objects are removed
     * once the deletion has committed.
     */
    @Transactional
    public void delete(UUID id, Caller caller) {
        var current = owned(id, caller);
        if (current.status().equals("LISTED")) {
            throw ProblemException.conflict("product-listed", "Withdraw the product from sale before deleting it.");
        }
        var keys = new ArrayList<String>();
        jdbc.sql("select object_key, thumbnail_key from product_photo where product_id = ?")
                .param(id)
                .query((rs, row) -> List.of(rs.getString(1), rs.getString(2)))
                .list()
                .forEach(keys::addAll);
        jdbc.sql("delete from certificate_product where product_id = ?")
                .param(id)
                .update();
        // Only a product once listed can have had batches, and so labels, that name its GTIN.
        if (current.gtin() != null && current.everListed()) {
            jdbc.sql("insert into retired_gtin (gtin, product_id, producer_id, retired_at) values (?, ?, ?, ?)")
                    .params(current.gtin(), id, current.producerId(), Timestamp.from(clock.instant()))
                    .update();
        }
        jdbc.sql("delete from product where id = ?").param(id).update();
        events.publishEvent(new ProductRemoved(id, List.copyOf(keys)));
    }

    private static ProblemException producerRejected() {
        return ProblemException.conflict(
                "producer-rejected",
                "The office rejected this producer's registration; its products can no longer be created or"
                        + " changed.");
    }

    /** Checks that {@code caller} may change product {@code id}, and locks it for the caller's transaction. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public void requireOwner(UUID id, Caller caller) {
        owned(id, caller);
    }

    /** Records that the product's photos changed: a new version and ProductUpdated with the new thumbnail. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public void photosChanged(UUID id) {
        long version = bump(id, null, null);
        outbox.append(
                new ProductUpdated(UUID.randomUUID(), clock.instant(), id, version, List.of("photos"), snapshot(id)));
    }

    /**
     * The producer or the office withdraws a product from sale. The office's withdrawal stands even
     * when the product is not on sale at the moment (a draft, paused by its producer, withdrawn by a
     * suspension or the certificate sweep): its reason is recorded all the same, so that the producer
     * cannot list it again.
     */
    @Transactional
    public ProductView delist(UUID id, String reason, Caller caller) {
        var current = owned(id, caller);
        var who = caller.is(Role.ADMIN) ? OFFICE_WITHDRAWAL : PRODUCER_WITHDRAWAL;
        var why = reason == null || reason.isBlank() ? who : who + ": " + reason.strip();
        if (caller.is(Role.ADMIN) && !current.status().equals("LISTED")) {
            if (!why.equals(current.delistReason())) {
                bump(id, "delist_reason = :reason", why);
            }
            return view(id);
        }
        withdraw(id, why);
        return view(id);
    }

    /** Withdraws a listed product with {@code reason}; nothing happens to a product that is not listed. */
    @Transactional
    public void withdraw(UUID id, String reason) {
        var status = jdbc.sql("select status from product where id = ? for update")
                .param(id)
                .query(String.class)
                .single();
        if (!status.equals("LISTED")) {
            return;
        }
        long version = bump(id, "status = 'DELISTED', delist_reason = :reason, certificate_id = null", reason);
        outbox.append(new ProductDelisted(UUID.randomUUID(), clock.instant(), id, version, reason, snapshot(id)));
    }

    /**
     * A rejected registration gives up the GTINs its products claimed: it was never verified, so none
     * of them was listed or labelled, and the GTINs' holder may be registered next.
     */
    @EventListener
    void on(ProducerRejected rejected) {
        jdbc.sql("select id from product where producer_id = ? and gtin is not null order by id for update")
                .param(rejected.producerId())
                .query(UUID.class)
                .list()
                .forEach(product -> {
                    long version = bump(product, "gtin = null", null);
                    outbox.append(new ProductUpdated(
                            UUID.randomUUID(), clock.instant(), product, version, List.of("gtin"), snapshot(product)));
                });
    }

    /**
     * A suspended producer sells nothing: its listings are withdrawn in the suspending transaction.
     * They are locked first, all together in id order, the order in which the stock saga locks the
     * products of a batch, so that a suspension and a reservation never wait on each other in a cycle.
     */
    @EventListener
    void on(ProducerSuspended suspended) {
        jdbc.sql("select id from product where producer_id = ? and status = 'LISTED' order by id for update")
                .param(suspended.producerId())
                .query(UUID.class)
                .list()
                .forEach(product -> withdraw(product, "PRODUCER_SUSPENDED"));
    }

    /**
     * A certificate recorded for listed products may rate them better than the one each is listed under
     * (a product re-rated from three stars to five): each moves to its best valid certificate in the
     * recording transaction, with ProductUpdated, so that its page and search show the new stars at once.
     */
    @EventListener
    void on(CertificateRecorded recorded) {
        var today = today();
        jdbc.sql("select id from product where id in (:ids) and status = 'LISTED' order by id")
                .param("ids", recorded.products())
                .query(UUID.class)
                .list()
                .forEach(product -> recheckCertificate(product, today));
    }

    /**
     * Moves a listed product whose certificate no longer holds on {@code today} to another valid
     * certificate of 3+ stars, or withdraws it. Returns true when it was withdrawn.
     */
    @Transactional
    public boolean recheckCertificate(UUID id, LocalDate today) {
        var current = jdbc.sql("select status, certificate_id from product where id = ? for update")
                .param(id)
                .query((rs, row) -> new Listing(rs.getString(1), rs.getObject(2, UUID.class)))
                .optional()
                .orElse(null);
        if (current == null || !"LISTED".equals(current.status())) {
            return false; // deleted or withdrawn since the sweep found it
        }
        var decision = ListingRules.decide(true, certificates.covering(id), today);
        if (decision instanceof ListingRules.Decision.Allowed allowed) {
            if (!allowed.certificate().id().equals(current.certificate())) {
                long version = bump(
                        id,
                        "certificate_id = :certificate",
                        allowed.certificate().id());
                outbox.append(new ProductUpdated(
                        UUID.randomUUID(), clock.instant(), id, version, List.of("certificate"), snapshot(id)));
            }
            return false;
        }
        // Its certificate lapsed: that is the reason, even when what covers it still is a certificate
        // of fewer than three stars.
        withdraw(id, "CERTIFICATE_EXPIRED");
        return true;
    }

    private record Listing(String status, UUID certificate) {}

    /** Listed products whose certificate has lapsed by {@code today}. */
    public List<UUID> listedWithLapsedCertificate(LocalDate today) {
        return jdbc.sql(
                        """
                        select p.id from product p join certificate c on c.id = p.certificate_id
                        where p.status = 'LISTED' and c.expires_on < ?
                        """)
                .param(java.sql.Date.valueOf(today))
                .query(UUID.class)
                .list();
    }

    /**
     * Whether a certificate of three stars or more, valid on the day (the column or parameter filled in,
     * {@code %1$s}), covers the product {@code p}: any such certificate, not only the one it is listed
     * under, so that a renewal recorded before the old certificate lapsed keeps it on sale.
     */
    public static final String COVERED_ON =
            """
            exists (select 1 from certificate_product cp join certificate c on c.id = cp.certificate_id
                    where cp.product_id = p.id and c.stars >= %2$d
                      and c.recognised_on <= %1$s and c.expires_on >= %1$s)"""
                    .formatted("%1$s", ListingRules.MINIMUM_STARS);

    /**
     * The product if it is for sale today: listed, and covered by a valid certificate (see {@link
     * #COVERED_ON}). From midnight until the hourly sweep withdraws it, a listing whose certificates have
     * all lapsed is listed still, and is not for sale.
     */
    public Optional<ProductView> findForSale(UUID id) {
        return jdbc.sql(VIEW_QUERY + " where p.id = :id and p.status = 'LISTED' and " + COVERED_ON.formatted(":today"))
                .param("id", id)
                .param("today", java.sql.Date.valueOf(today()))
                .query(Products::toView)
                .optional();
    }

    public Optional<ProductView> find(UUID id) {
        return jdbc.sql(VIEW_QUERY + " where p.id = ?")
                .param(id)
                .query(Products::toView)
                .optional();
    }

    /** A product as it is now together with its version, read from one row. */
    public record VersionedSnapshot(ProductSnapshot product, long version) {}

    /**
     * Up to {@code limit} products as they are now, in id order after product {@code after} (null: from the
     * first), for rebuilding the search index. Read by key, not by position: a product deleted while a
     * rebuild reads cannot shift another out of the next page.
     */
    public List<VersionedSnapshot> snapshots(@Nullable UUID after, int limit) {
        return jdbc.sql(SNAPSHOT_QUERY + " where p.id > ? order by p.id limit ?")
                .params(after == null ? NO_PRODUCT : after, limit)
                .query(Products::toVersioned)
                .list();
    }

    /**
     * As {@link #snapshots}, only the products changed at {@code since} or later by the database's clock
     * ({@link #databaseTime}): {@code updated_at} is stamped with it, whichever instance made the change.
     */
    public List<VersionedSnapshot> snapshotsChangedSince(Instant since, @Nullable UUID after, int limit) {
        return jdbc.sql(SNAPSHOT_QUERY + " where p.updated_at >= ? and p.id > ? order by p.id limit ?")
                .params(Timestamp.from(since), after == null ? NO_PRODUCT : after, limit)
                .query(Products::toVersioned)
                .list();
    }

    /** The database's clock, which stamps every change to a product. */
    public Instant databaseTime() {
        return jdbc.sql("select clock_timestamp()")
                .query(Timestamp.class)
                .single()
                .toInstant();
    }

    private static VersionedSnapshot toVersioned(ResultSet rs, int row) throws SQLException {
        return new VersionedSnapshot(toSnapshot(rs, row), rs.getLong("version"));
    }

    public ProductSnapshot snapshot(UUID id) {
        return jdbc.sql(SNAPSHOT_QUERY + " where p.id = ?")
                .param(id)
                .query(Products::toSnapshot)
                .single();
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(VIETNAM));
    }

    private record Current(
            UUID producerId,
            boolean producerVerified,
            String status,
            String name,
            String description,
            long priceVnd,
            int stock,
            String delistReason,
            String gtin,
            boolean everListed) {}

    /**
     * Locks the product and checks that {@code caller} may change it: its producer, or the office.
     * The producer is locked (shared) before the product, the order in which a suspension locks them,
     * so that an edit and a suspension of its producer never wait on each other in a cycle. A
     * product's producer never changes, so the first lock stays the right one.
     */
    private Current owned(UUID id, Caller caller) {
        var standing = jdbc.sql(
                        """
                        select pr.verified and not pr.suspended, pr.rejected_at is not null
                        from producer pr join product p on p.producer_id = pr.id where p.id = ? for share of pr
                        """)
                .param(id)
                .query((rs, row) -> new boolean[] {rs.getBoolean(1), rs.getBoolean(2)})
                .optional()
                .orElseThrow(() -> ProblemException.notFound("Product " + id));
        boolean inGoodStanding = standing[0];
        var current = jdbc.sql(
                        """
                        select producer_id, status, name, description, price_vnd, stock, delist_reason, gtin,
                               listed_at is not null
                        from product where id = ? for update
                        """)
                .param(id)
                .query((rs, row) -> new Current(
                        rs.getObject(1, UUID.class),
                        inGoodStanding,
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getLong(5),
                        rs.getInt(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getBoolean(9)))
                .optional()
                .orElseThrow(() -> ProblemException.notFound("Product " + id)); // deleted while we waited
        if (!caller.mayActFor(current.producerId())) {
            throw ProblemException.forbidden("A producer may only change its own products.");
        }
        if (standing[1] && !caller.is(Role.ADMIN)) {
            // Only the office may still touch (delete) what a rejected registration left behind.
            throw producerRejected();
        }
        return current;
    }

    /** Applies {@code assignments} (if any) and moves the product to its next version, which it returns. */
    private long bump(UUID id, String assignments, Object argument) {
        var sql = "update product set version = version + 1, updated_at = clock_timestamp()"
                + (assignments == null ? "" : ", " + assignments) + " where id = :id returning version";
        var statement = jdbc.sql(sql).param("id", id);
        if (assignments != null && assignments.contains(":now")) {
            statement = statement.param("now", Timestamp.from(clock.instant()));
        }
        if (assignments != null && assignments.contains(":certificate")) {
            statement = statement.param("certificate", argument);
        }
        if (assignments != null && assignments.contains(":reason")) {
            statement = statement.param("reason", argument);
        }
        return statement.query(Long.class).single();
    }

    private ProductView view(UUID id) {
        return find(id).orElseThrow();
    }

    /** Below every product's id in PostgreSQL's order (bytewise), so that a first page starts after it. */
    private static final UUID NO_PRODUCT = new UUID(0L, 0L);

    private static final String SNAPSHOT_QUERY =
            """
            select p.id, p.version, p.producer_id, pr.name as producer_name, p.name, p.description, p.ocop_group, p.gtin, p.unit,
                   p.net_quantity, p.price_vnd, p.stock, p.status, c.stars, c.decision_number, c.expires_on,
                   pr.province, pr.commune, pr.latitude, pr.longitude, p.listed_at,
                   (select ph.thumbnail_key from product_photo ph where ph.product_id = p.id
                    order by ph.position, ph.created_at limit 1) as thumbnail_key
            from product p join producer pr on pr.id = p.producer_id left join certificate c on c.id = p.certificate_id
            """;

    private static ProductSnapshot toSnapshot(ResultSet rs, int row) throws SQLException {
        var listedAt = rs.getTimestamp("listed_at");
        var expires = rs.getDate("expires_on");
        return new ProductSnapshot(
                rs.getObject("id", UUID.class),
                rs.getObject("producer_id", UUID.class),
                rs.getString("producer_name"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("ocop_group"),
                rs.getString("gtin"),
                rs.getString("unit"),
                rs.getString("net_quantity"),
                rs.getLong("price_vnd"),
                rs.getInt("stock"),
                "LISTED".equals(rs.getString("status")),
                rs.getObject("stars", Integer.class),
                rs.getString("decision_number"),
                expires == null ? null : expires.toLocalDate(),
                rs.getString("province"),
                rs.getString("commune"),
                rs.getObject("latitude", Double.class),
                rs.getObject("longitude", Double.class),
                rs.getString("thumbnail_key"),
                listedAt == null ? null : listedAt.toInstant());
    }

    private static final String VIEW_QUERY =
            """
            select p.*, pr.name as producer_name, pr.kind, pr.province, pr.commune, pr.legacy_district,
                   c.decision_number, c.stars, c.issuing_authority, c.expires_on
            from product p join producer pr on pr.id = p.producer_id left join certificate c on c.id = p.certificate_id
            """;

    private static ProductView toView(ResultSet rs, int row) throws SQLException {
        var listedAt = rs.getTimestamp("listed_at");
        var certificate = rs.getString("decision_number") == null
                ? null
                : new ProductView.Certificate(
                        rs.getString("decision_number"),
                        rs.getInt("stars"),
                        rs.getString("issuing_authority"),
                        rs.getDate("expires_on").toLocalDate());
        return new ProductView(
                rs.getObject("id", UUID.class),
                rs.getLong("version"),
                rs.getString("name"),
                rs.getString("description"),
                OcopGroup.valueOf(rs.getString("ocop_group")),
                rs.getString("gtin"),
                rs.getString("unit"),
                rs.getString("net_quantity"),
                rs.getLong("price_vnd"),
                new Vnd(rs.getLong("price_vnd")).display(),
                rs.getInt("stock"),
                rs.getInt("stock") > 0,
                rs.getString("status"),
                rs.getString("delist_reason"),
                listedAt == null ? null : listedAt.toInstant(),
                new ProductView.Producer(
                        rs.getObject("producer_id", UUID.class),
                        rs.getString("producer_name"),
                        rs.getString("kind"),
                        rs.getString("province"),
                        rs.getString("commune"),
                        rs.getString("legacy_district")),
                certificate);
    }
}
