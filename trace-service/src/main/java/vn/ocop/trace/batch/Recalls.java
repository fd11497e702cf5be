package vn.ocop.trace.batch;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.ocop.events.order.OrderShipped;
import vn.ocop.events.trace.BatchRecalled;
import vn.ocop.messaging.Outbox;
import vn.ocop.trace.TraceChanges;
import vn.ocop.web.Caller;
import vn.ocop.web.ProblemException;

/**
 * One step back and one step forward: which batches a batch was made from, which orders its
 * packages went to, and the recall that reaches all of them.
 */
@Service
public class Recalls {

    /** The advisory lock that changes of batch inputs take ("OCOPINPU"). */
    static final long INPUTS_LOCK = 0x4f434f50494e5055L;

    private final JdbcClient jdbc;
    private final OwnedBatches batches;
    private final Outbox outbox;
    private final Clock clock;
    private final TraceChanges changes;

    Recalls(JdbcClient jdbc, OwnedBatches batches, Outbox outbox, Clock clock, TraceChanges changes) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.outbox = outbox;
        this.clock = clock;
        this.changes = changes;
    }

    /** A recall's reach: the orders of the recalled batch, and every batch made from it with its orders. */
    public record Reach(List<UUID> orderIds, List<Derived> alsoRecalled) {}

    /** A batch made, directly or through others, from a recalled batch, and so recalled with it. */
    public record Derived(UUID batchId, String gtin, String lot, List<UUID> orderIds) {}

    /**
     * Recalls a batch and every batch made from it, directly or through other batches: every scan of
     * their packages warns from now on, and the orders they reached are named for order-service.
     */
    @Transactional
    public Reach recall(UUID batchId, String reason, Caller caller) {
        var batch = batches.owned(batchId, caller);
        if (batch.recalled()) {
            throw ProblemException.conflict("batch-recalled", "Batch " + batchId + " is already recalled.");
        }
        // The input graph stands still while the recall walks it: a batch named as made from this one
        // either is reached below, or is named after the recall and is refused (see setInputs).
        lockInputs();
        var reached = jdbc.sql(
                        """
                        with recursive made_from_it(id) as (
                            select ?::uuid
                            union select i.batch_id from batch_input i join made_from_it m on i.input_batch_id = m.id)
                        select b.id from batch b join made_from_it m on m.id = b.id order by b.id for update of b
                        """)
                .param(batchId)
                .query(UUID.class)
                .list();
        var now = Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS)); // as PostgreSQL keeps it
        // Guarded: of two recalls racing past the check above, one recalls and the other is refused.
        if (jdbc.sql("update batch set recalled_at = ?, recall_reason = ?, version = version + 1"
                                + " where id = ? and recalled_at is null")
                        .params(now, reason, batchId)
                        .update()
                == 0) {
            throw ProblemException.conflict("batch-recalled", "Batch " + batchId + " is already recalled.");
        }
        var derived = jdbc.sql(
                        """
                        update batch set recalled_at = ?, recall_reason = ?, recalled_via = ?, version = version + 1
                        where id = any(?) and id <> ? and recalled_at is null returning id
                        """)
                .params(now, reason, batchId, reached.toArray(UUID[]::new), batchId)
                .query(UUID.class)
                .list();
        changes.changed();
        var orders = ordersOf(batchId);
        announce(batchId, orders);
        var alsoRecalled = derived.stream()
                .sorted()
                .map(id -> {
                    var event = announce(id, ordersOf(id));
                    return new Derived(id, event.gtin(), event.lot(), event.orderIds());
                })
                .toList();
        return new Reach(orders, alsoRecalled);
    }

    /** The orders a batch's packages were shipped in. */
    public List<UUID> ordersOf(UUID batchId) {
        return jdbc.sql(
                        "select distinct order_id from package where batch_id = ? and order_id is not null order by order_id")
                .param(batchId)
                .query(UUID.class)
                .list();
    }

    public List<UUID> ordersOf(UUID batchId, Caller caller) {
        batches.owned(batchId, caller);
        return ordersOf(batchId);
    }

    /** Names the batches a batch was made from; each must exist, and none may be the batch itself or made from it. */
    @Transactional
    public void setInputs(UUID batchId, List<UUID> inputs, Caller caller) {
        var batch = batches.owned(batchId, caller);
        // One change of the input graph at a time: two at once (A from B, B from A) would each pass the
        // cycle check, and two of one batch would merge their lists. A recall waits for it too.
        lockInputs();
        for (int i = 0; i < inputs.size(); i++) {
            var input = inputs.get(i);
            var recalled = jdbc.sql("select recalled_at is not null from batch where id = ?")
                    .param(input)
                    .query(Boolean.class)
                    .optional();
            if (recalled.isEmpty()) {
                throw ProblemException.invalid("batchIds[" + i + "]", "names no registered batch");
            }
            if (recalled.get() && !batch.recalled()) {
                throw ProblemException.invalid(
                        "batchIds[" + i + "]", "names a recalled batch: a batch made from it must be recalled first");
            }
            boolean cycle = input.equals(batchId)
                    || jdbc.sql(
                                            """
                                            with recursive made_from(id) as (
                                                select input_batch_id from batch_input where batch_id = ?
                                                union select i.input_batch_id from batch_input i join made_from m on i.batch_id = m.id)
                                            select count(*) from made_from where id = ?
                                            """)
                                    .params(input, batchId)
                                    .query(Long.class)
                                    .single()
                            > 0;
            if (cycle) {
                throw ProblemException.invalid("batchIds[" + i + "]", "is this batch or is made from it");
            }
        }
        changes.changed();
        jdbc.sql("delete from batch_input where batch_id = ?").param(batchId).update();
        for (var input : inputs.stream().distinct().toList()) {
            jdbc.sql("insert into batch_input (batch_id, input_batch_id) values (?, ?)")
                    .params(batchId, input)
                    .update();
        }
    }

    /**
     * Links each shipped package to its order; only the shipping producer's own packages are linked. A
     * package of a batch already recalled tells order-service about this order too: BatchRecalled again,
     * at the batch's version and with the recall's time, naming only this order.
     */
    @Transactional
    public int shipped(OrderShipped shipped) {
        if (shipped.packageSerials().isEmpty()) {
            return 0;
        }
        var serials = shipped.packageSerials().toArray(String[]::new);
        // A recall updates its batch row; holding the shipped batches' rows first means that either the
        // recall, committed, is seen below, or it waits and then finds this order among the batch's.
        jdbc.sql(
                        """
                        select id from batch where producer_id = ?
                            and id in (select batch_id from package where serial = any(?))
                        order by id for share
                        """)
                .params(shipped.producerId(), serials)
                .query(UUID.class)
                .list();
        var linked = jdbc.sql(
                        """
                        update package k set order_id = ?, shipped_at = ?
                        from batch b where b.id = k.batch_id and b.producer_id = ? and k.serial = any(?) and k.order_id is null
                        returning b.id, b.recalled_at is not null
                        """)
                .params(shipped.orderId(), Timestamp.from(shipped.occurredAt()), shipped.producerId(), serials)
                .query((rs, row) -> Map.entry(rs.getObject(1, UUID.class), rs.getBoolean(2)))
                .list();
        linked.stream()
                .filter(Map.Entry::getValue)
                .map(Map.Entry::getKey)
                .distinct()
                .forEach(batchId -> announce(batchId, List.of(shipped.orderId())));
        return linked.size();
    }

    private void lockInputs() {
        jdbc.sql("select 1 from pg_advisory_xact_lock(?)")
                .param(INPUTS_LOCK)
                .query(Integer.class)
                .single();
    }

    /**
     * BatchRecalled for a recalled batch, naming the given orders, at the batch's version and with the
     * recall's time. A batch recalled through one of its inputs says so in the reason.
     */
    private BatchRecalled announce(UUID batchId, List<UUID> orderIds) {
        var event = jdbc.sql(
                        """
                        select b.version, b.product_id, b.producer_id, p.gtin, b.lot, b.recalled_at,
                               case when b.recalled_via is null then b.recall_reason
                                    else 'Made from recalled batch ' || v.lot || ' of ' || vp.name || ': ' || b.recall_reason
                               end
                        from batch b join product_copy p on p.id = b.product_id
                        left join batch v on v.id = b.recalled_via left join product_copy vp on vp.id = v.product_id
                        where b.id = ?
                        """)
                .param(batchId)
                .query((rs, row) -> new BatchRecalled(
                        UUID.randomUUID(),
                        rs.getTimestamp(6).toInstant(),
                        batchId,
                        rs.getLong(1),
                        rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(7),
                        orderIds))
                .single();
        outbox.append(event);
        return event;
    }
}
