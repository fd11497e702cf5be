package vn.ocop.trace.packages;

import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import vn.ocop.storage.ObjectStore;
import vn.ocop.trace.TraceProperties;
import vn.ocop.trace.batch.OwnedBatches;
import vn.ocop.trace.resolver.DigitalLink;
import vn.ocop.web.Caller;
import vn.ocop.web.ProblemException;

/**
 * Packages of a batch, each with its unguessable serial and its Digital Link URI. A request for up
 * to 10,000 is a job that {@link PackageJobRunner} runs in the background in chunks, each committed
 * on its own, so it reports progress and never holds other requests up; it resumes after a restart
 * and waits out failures.
 */
@Service
public class Packages {

    static final int MAX_PER_REQUEST = 10_000;

    private final JdbcClient jdbc;
    private final TraceProperties properties;
    private final Clock clock;
    private final ObjectStore objects;
    private final OwnedBatches batches;
    private final PackageJobRunner runner;

    Packages(
            JdbcClient jdbc,
            TraceProperties properties,
            Clock clock,
            ObjectStore objects,
            OwnedBatches batches,
            PackageJobRunner runner) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
        this.objects = objects;
        this.batches = batches;
        this.runner = runner;
    }

    /**
     * A request for packages; {@code labelSheet} is where its printable sheet is, once done. After a
     * failure, {@code failure} says what went wrong, {@code attempts} how often in a row, and {@code
     * retryAt} when the job is tried again (none once it is FAILED: it waits to be resumed).
     */
    public record Job(
            UUID id,
            UUID batchId,
            int requested,
            int created,
            String state,
            Instant startedAt,
            Instant finishedAt,
            String labelSheet,
            int attempts,
            Instant retryAt,
            String failure) {}

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
        runner.wake();
        return job(id).orElseThrow();
    }

    public Optional<Job> job(UUID id) {
        return jdbc.sql(
                        """
                        select id, batch_id, requested, created, state, started_at, finished_at, label_sheet_key,
                               attempts, retry_at, failure
                        from package_job where id = ?
                        """)
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
                                : "/api/package-jobs/" + rs.getObject(1, UUID.class) + "/label-sheet.pdf",
                        rs.getInt(9),
                        Optional.ofNullable(rs.getTimestamp(10))
                                .map(Timestamp::toInstant)
                                .orElse(null),
                        rs.getString(11)))
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
        return uri(properties.resolverBase(), gtin, lot, serial);
    }

    static String uri(String resolverBase, String gtin, String lot, String serial) {
        return resolverBase + "/01/" + gtin + "/10/" + DigitalLink.encode(lot) + "/21/" + serial;
    }

    /**
     * Sets a FAILED job going again, from where it stopped, for its batch's producer or the office.
     * A job still running or done is a 409; one whose batch was recalled stays stopped (422).
     */
    public Job resume(UUID id, Caller caller) {
        var job = job(id, caller);
        var batch = batches.owned(job.batchId(), caller);
        if (batch.recalled()) {
            throw ProblemException.ruleViolated("batch-recalled", "A recalled batch gets no new packages.");
        }
        int resumed = jdbc.sql(
                        """
                        update package_job set state = 'RUNNING', finished_at = null, attempts = 0, retry_at = null,
                               failure = null, lease_owner = null, lease_until = null
                        where id = ? and state = 'FAILED'
                        """)
                .param(id)
                .update();
        if (resumed == 0) {
            throw ProblemException.conflict(
                    "job-not-failed", "Only a FAILED job can be resumed; job " + id + " is " + job.state() + ".");
        }
        runner.wake();
        return job(id).orElseThrow();
    }

    /**
     * A finished job's label sheet, for its batch's producer or the office: its bytes as they come
     * from object storage, for the caller to pass on and close.
     */
    public InputStream labelSheet(UUID jobId, Caller caller) {
        var job = job(jobId).orElseThrow(() -> ProblemException.notFound("Package job " + jobId));
        var batch = batches.owned(job.batchId(), caller);
        if (!job.state().equals("DONE") && batch.recalled()) {
            throw ProblemException.ruleViolated(
                            "batch-recalled",
                            "The batch of job " + jobId
                                    + " is recalled: it gets no more packages, and this job no label sheet.")
                    .with("state", job.state());
        }
        if (job.state().equals("FAILED")) {
            throw ProblemException.conflict(
                            "label-sheet-not-ready",
                            "Job " + jobId + " stopped after " + job.attempts() + " failed attempts (" + job.failure()
                                    + "); resume it to finish its packages and their label sheet.")
                    .with("state", job.state());
        }
        if (!job.state().equals("DONE") || job.labelSheet() == null) {
            throw ProblemException.conflict(
                            "label-sheet-not-ready", "The packages of job " + jobId + " are still being issued.")
                    .with("state", job.state());
        }
        var key = jdbc.sql("select label_sheet_key from package_job where id = ?")
                .param(jobId)
                .query(String.class)
                .single();
        return objects.open(properties.labelBucket(), key);
    }
}
