package vn.ocop.trace.batch;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
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

    /** Recalls a batch: every scan warns from now on, and the orders it reached are named for order-service. */
    @Transactional
    public List<UUID> recall(UUID batchId, String reason, Caller caller) {
        var batch = batches.owned(batchId, caller);
        if (batch.recalled()) {
            throw ProblemException.conflict("batch-recalled", "Batch " + batchId + " is already recalled.");
        }
        var now = clock.instant();
        long version = jdbc.sql(
                        "update batch set recalled_at = ?, recall_reason = ?, version = version + 1 where id = ? returning version")
                .params(Timestamp.from(now), reason, batchId)
                .query(Long.class)
                .single();
        var orders = ordersOf(batchId);
        changes.changed();
        outbox.append(new BatchRecalled(
                UUID.randomUUID(),
                now,
                batchId,
                version,
                batch.productId(),
                batch.producerId(),
                batch.gtin(),
                batch.lot(),
                reason,
                orders));
        return orders;
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
        batches.owned(batchId, caller);
        for (int i = 0; i < inputs.size(); i++) {
            var input = inputs.get(i);
            boolean exists = jdbc.sql("select count(*) from batch where id = ?")
                            .param(input)
                            .query(Long.class)
                            .single()
                    > 0;
            if (!exists) {
                throw ProblemException.invalid("batchIds[" + i + "]", "names no registered batch");
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

    /** Links each shipped package to its order; only the shipping producer's own packages are linked. */
    @Transactional
    public int shipped(OrderShipped shipped) {
        if (shipped.packageSerials().isEmpty()) {
            return 0;
        }
        return jdbc.sql(
                        """
                        update package k set order_id = ?, shipped_at = ?
                        from batch b where b.id = k.batch_id and b.producer_id = ? and k.serial = any(?) and k.order_id is null
                        """)
                .params(
                        shipped.orderId(),
                        Timestamp.from(shipped.occurredAt()),
                        shipped.producerId(),
                        shipped.packageSerials().toArray(String[]::new))
                .update();
    }
}
