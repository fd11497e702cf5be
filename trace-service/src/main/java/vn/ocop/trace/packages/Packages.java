package vn.ocop.trace.packages;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import vn.ocop.storage.ObjectStore;
import vn.ocop.trace.TraceProperties;
import vn.ocop.trace.batch.OwnedBatches;
import vn.ocop.trace.resolver.DigitalLink;
import vn.ocop.web.Caller;
import vn.ocop.web.ProblemException;

/**
 * Packages of a batch, each with its unguessable serial and its Digital Link URI. A request for up
 * to 10,000 runs in the background in chunks, each chunk committed on its own, so it reports
 * progress and never holds other requests up; a job cut short by a restart resumes.
 */
@Service
public class Packages implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Packages.class);

    static final int MAX_PER_REQUEST = 10_000;
    private static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;
    private final TraceProperties properties;
    private final Clock clock;
    private final ObjectStore objects;
    private final OwnedBatches batches;
    private final ExecutorService jobs = Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().daemon().name("package-job-", 0).factory());

    Packages(
            JdbcClient jdbc,
            JdbcTemplate template,
            TransactionTemplate transactions,
            TraceProperties properties,
            Clock clock,
            ObjectStore objects,
            OwnedBatches batches) {
        this.jdbc = jdbc;
        this.template = template;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.objects = objects;
        this.batches = batches;
    }

    /** A request for packages; {@code labelSheet} is where its printable sheet is, once done. */
    public record Job(
            UUID id,
            UUID batchId,
            int requested,
            int created,
            String state,
            Instant startedAt,
            Instant finishedAt,
            String labelSheet) {}

    public record PackageView(
            String serial, String uri, long scanCount, Instant firstScanAt, UUID orderId, Instant shippedAt) {}

    public record Page(List<PackageView> packages, int page, int size, long total) {}

    /** Starts issuing {@code count} packages for a batch of the caller's own; returns the job to follow. */
    public Job request(UUID batchId, int count, Caller caller) {
        var batch = batches.owned(batchId, caller);
        if (batch.gtin() == null) {
            throw ProblemException.ruleViolated(
                    "product-without-gtin",
                    "Packages need the product's GTIN for their Digital Link; record it first.");
        }
        if (batch.recalled()) {
            throw ProblemException.ruleViolated("batch-recalled", "A recalled batch gets no new packages.");
        }
        var id = UUID.randomUUID();
        jdbc.sql(
                        """
                        insert into package_job (id, batch_id, requested, state, requested_by, started_at)
                        values (?, ?, ?, 'RUNNING', ?, ?)
                        """)
                .params(id, batchId, count, caller.subject(), Timestamp.from(clock.instant()))
                .update();
        jobs.submit(() -> run(id));
        return job(id).orElseThrow();
    }

    public Optional<Job> job(UUID id) {
        return jdbc.sql(
                        "select id, batch_id, requested, created, state, started_at, finished_at, label_sheet_key from package_job where id = ?")
                .param(id)
                .query((rs, row) -> new Job(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getInt(3),
                        rs.getInt(4),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant(),
                        Optional.ofNullable(rs.getTimestamp(7))
                                .map(Timestamp::toInstant)
                                .orElse(null),
                        rs.getString(8) == null
                                ? null
                                : "/api/package-jobs/" + rs.getObject(1, UUID.class) + "/label-sheet.pdf"))
                .optional();
    }

    /** A job as its batch's producer or the office may see it. */
    public Job job(UUID id, Caller caller) {
        var job = job(id).orElseThrow(() -> ProblemException.notFound("Package job " + id));
        batches.owned(job.batchId(), caller);
        return job;
    }

    /** A batch's packages, oldest first, for its producer or the office. */
    public Page list(UUID batchId, Caller caller, int page, int size) {
        var batch = batches.owned(batchId, caller);
        long total = jdbc.sql("select count(*) from package where batch_id = ?")
                .param(batchId)
                .query(Long.class)
                .single();
        var packages = jdbc.sql(
                        """
                        select serial, scan_count, first_scan_at, order_id, shipped_at from package where batch_id = ?
                        order by created_at, serial limit ? offset ?
                        """)
                .params(batchId, size, (long) page * size)
                .query((rs, row) -> new PackageView(
                        rs.getString(1),
                        uri(batch.gtin(), batch.lot(), rs.getString(1)),
                        rs.getLong(2),
                        Optional.ofNullable(rs.getTimestamp(3))
                                .map(Timestamp::toInstant)
                                .orElse(null),
                        rs.getObject(4, UUID.class),
                        Optional.ofNullable(rs.getTimestamp(5))
                                .map(Timestamp::toInstant)
                                .orElse(null)))
                .list();
        return new Page(packages, page, size, total);
    }

    /** The Digital Link URI of a package of the caller's own, for its QR code. */
    public String uriOf(String serial, Caller caller) {
        var batch = jdbc.sql("select batch_id from package where serial = ?")
                .param(serial)
                .query(UUID.class)
                .optional()
                .orElseThrow(() -> ProblemException.notFound("Package " + serial));
        var owner = batches.owned(batch, caller);
        return uri(owner.gtin(), owner.lot(), serial);
    }

    public String uri(String gtin, String lot, String serial) {
        return properties.resolverBase() + "/01/" + gtin + "/10/" + DigitalLink.encode(lot) + "/21/" + serial;
    }

    private void run(UUID id) {
        try {
            while (true) {
                var job = job(id).orElseThrow();
                int remaining = job.requested() - job.created();
                if (remaining <= 0) {
                    break;
                }
                int chunk = Math.min(CHUNK, remaining);
                transactions.executeWithoutResult(status -> {
                    var now = Timestamp.from(clock.instant());
                    int made = 0;
                    while (made < chunk) {
                        var serials = new ArrayList<Object[]>();
                        for (int i = made; i < chunk; i++) {
                            serials.add(new Object[] {Serials.next(), job.batchId(), id, now});
                        }
                        for (int inserted : template.batchUpdate(
                                "insert into package (serial, batch_id, job_id, created_at) values (?, ?, ?, ?) on conflict do nothing",
                                serials)) {
                            made += Math.max(inserted, 0) == 0 ? 0 : 1;
                        }
                    }
                    jdbc.sql("update package_job set created = created + ? where id = ?")
                            .params(chunk, id)
                            .update();
                });
            }
            var key = storeLabelSheet(id);
            jdbc.sql("update package_job set state = 'DONE', finished_at = ?, label_sheet_key = ? where id = ?")
                    .params(Timestamp.from(clock.instant()), key, id)
                    .update();
        } catch (RuntimeException e) {
            log.error("Package job {} failed", id, e);
            jdbc.sql("update package_job set state = 'FAILED', finished_at = ? where id = ?")
                    .params(Timestamp.from(clock.instant()), id)
                    .update();
        }
    }

    /** Draws the job's label sheet and keeps it in object storage; returns its key. */
    private String storeLabelSheet(UUID jobId) {
        var batch = jdbc.sql(
                        """
                        select b.id, p.name, p.gtin, b.lot from package_job j join batch b on b.id = j.batch_id
                        join product_copy p on p.id = b.product_id where j.id = ?
                        """)
                .param(jobId)
                .query((rs, row) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)})
                .single();
        var labels = jdbc
                .sql("select serial from package where job_id = ? order by created_at, serial")
                .param(jobId)
                .query(String.class)
                .list()
                .stream()
                .map(serial -> new LabelSheet.Label(serial, uri(batch[2], batch[3], serial)))
                .toList();
        var pdf = LabelSheet.render(batch[1], batch[3], labels);
        var key = "labels/" + batch[0] + "/" + jobId + ".pdf";
        objects.put(properties.labelBucket(), key, pdf, "application/pdf");
        return key;
    }

    /** A finished job's label sheet, for its batch's producer or the office. */
    public byte[] labelSheet(UUID jobId, Caller caller) {
        job(jobId, caller);
        var key = jdbc.sql("select label_sheet_key from package_job where id = ? and state = 'DONE'")
                .param(jobId)
                .query(String.class)
                .optional()
                .orElseThrow(() -> ProblemException.conflict(
                        "label-sheet-not-ready", "The packages of job " + jobId + " are still being issued."));
        return objects.read(properties.labelBucket(), key);
    }

    /** Jobs cut short by a stop carry on where they were. */
    @EventListener(ApplicationReadyEvent.class)
    void resumeUnfinished() {
        for (var id : jdbc.sql("select id from package_job where state = 'RUNNING'")
                .query(UUID.class)
                .list()) {
            jobs.submit(() -> run(id));
        }
    }

    @Override
    public void destroy() {
        jobs.shutdownNow();
    }
}
