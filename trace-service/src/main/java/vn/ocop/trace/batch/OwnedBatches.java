package vn.ocop.trace.batch;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import vn.ocop.web.Caller;
import vn.ocop.web.ProblemException;

/**
 * Looks a batch up for a change: only its producer or the office may make one; anyone else gets 404.
 * And says whether a batch exists at all.
 */
@Component
public class OwnedBatches {

    private final JdbcClient jdbc;

    OwnedBatches(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Owned(
            UUID id,
            UUID productId,
            UUID producerId,
            String producerName,
            String gtin,
            String lot,
            long version,
            boolean recalled) {}

    public Owned owned(UUID batchId, Caller caller) {
        return jdbc.sql(
                        """
                        select b.id, b.product_id, b.producer_id, coalesce(pr.name, ''), p.gtin, b.lot, b.version,
                               b.recalled_at is not null
                        from batch b join product_copy p on p.id = b.product_id
                        left join producer_copy pr on pr.id = b.producer_id where b.id = ?
                        """)
                .param(batchId)
                .query((rs, row) -> new Owned(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getLong(7),
                        rs.getBoolean(8)))
                .optional()
                .filter(b -> caller.mayActFor(b.producerId()))
                .orElseThrow(() -> ProblemException.notFound("Batch " + batchId));
    }

    public boolean exists(UUID batchId) {
        return jdbc.sql("select exists (select 1 from batch where id = ?)")
                .param(batchId)
                .query(Boolean.class)
                .single();
    }

    /** A batch's own list (events, documents): empty for a batch that exists, 404 for one that does not. */
    public <T> List<T> ofKnownBatch(UUID batchId, List<T> list) {
        if (list.isEmpty() && !exists(batchId)) {
            throw ProblemException.notFound("Batch " + batchId);
        }
        return list;
    }
}
