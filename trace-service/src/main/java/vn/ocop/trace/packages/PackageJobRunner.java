package vn.ocop.trace.packages;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.ocop.storage.ObjectStore;
import vn.ocop.storage.ObjectStoreException;
import vn.ocop.trace.TraceProperties;

/**
 * Runs package jobs to their end, on any instance of the service and through failures.
 *
 * <ul>
 *   <li>An instance takes a job with a lease in the job's row (database time), renewed with every
 *       chunk. A job whose holder stopped or hung is taken over by any instance once its lease has
 *       run out, so a job cut short by a restart resumes.
 *   <li>Each chunk is issued in one transaction that locks the job's row, checks that this instance
 *       still holds the lease, and counts what is left under that lock. Two instances that both
 *       believe they hold a job (a lease that ran out during a long pause) cannot issue more
 *       packages than were asked for.
 *   <li>A failure (storage or database away) is retried after a pause that doubles with each failure
 *       in a row. After {@link PackageJobProperties#maxAttempts()} failures the job is FAILED, with the
 *       reason its producer can read, until someone resumes it.
 *   <li>A batch recalled while its packages are issued gets no more: the job stops, FAILED, saying so.
 * </ul>
 */
@Component
class PackageJobRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PackageJobRunner.class);

    static final int CHUNK = 500;

    private final String owner;
    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;
    private final TraceProperties properties;
    private final PackageJobProperties settings;
    private final Clock clock;
    private final ObjectStore objects;
    private final Semaphore slots;
    private volatile ExecutorService workers;
    private volatile ScheduledExecutorService poller;
    private volatile boolean stopping;

    @Autowired
    PackageJobRunner(
            JdbcClient jdbc,
            JdbcTemplate template,
            TransactionTemplate transactions,
            TraceProperties properties,
            PackageJobProperties settings,
            Clock clock,
            ObjectStore objects) {
        this("trace-" + UUID.randomUUID(), jdbc, template, transactions, properties, settings, clock, objects);
    }

    /** A runner that leases jobs under the given name; tests make a second instance with it. */
    PackageJobRunner(
            String owner,
            JdbcClient jdbc,
            JdbcTemplate template,
            TransactionTemplate transactions,
            TraceProperties properties,
            PackageJobProperties settings,
            Clock clock,
            ObjectStore objects) {
        this.owner = owner;
        this.jdbc = jdbc;
        this.template = template;
        this.transactions = transactions;
        this.properties = properties;
        this.settings = settings;
        this.clock = clock;
        this.objects = objects;
        this.slots = new Semaphore(settings.concurrentJobs());
    }

    /** Looks for work now rather than at the next poll: a job was just requested or resumed. */
    void wake() {
        var current = poller;
        if (current != null && !stopping) {
            try {
                current.execute(this::pollQuietly);
            } catch (RejectedExecutionException e) {
                log.debug("Not woken: the runner is stopping");
            }
        }
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            log.warn("Looking for package jobs failed; trying again at the next poll", e);
        }
    }

    /** Takes jobs while this instance has room for them, and runs each on a thread of its own. */
    void poll() {
        while (!stopping && slots.tryAcquire()) {
            Optional<UUID> claimed;
            try {
                claimed = claimNext();
            } catch (RuntimeException e) {
                slots.release();
                throw e;
            }
            if (claimed.isEmpty()) {
                slots.release();
                return;
            }
            var id = claimed.get();
            try {
                workers.execute(() -> {
                    try {
                        work(id);
                    } finally {
                        slots.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                slots.release();
                releaseLeases();
                return;
            }
        }
    }

    /**
     * A job that is free to take, leased to this instance: of the producers whose jobs wait, one with
     * the fewest jobs under way anywhere, and its oldest. Oldest first alone let one producer's queue
     * of large jobs hold every instance's slots while everyone else's labels waited behind it. The
     * jobs under way are counted once per claim, by producer, from the unfinished jobs' index.
     */
    Optional<UUID> claimNext() {
        return jdbc.sql(
                        """
                        with under_way as (select b.producer_id, count(*) as jobs
                                           from package_job h join batch b on b.id = h.batch_id
                                           where h.state = 'RUNNING' and h.lease_until >= clock_timestamp()
                                           group by b.producer_id)
                        update package_job set lease_owner = :owner,
                               lease_until = clock_timestamp() + make_interval(secs => :lease)
                        where id = (select j.id from package_job j
                                    join batch b on b.id = j.batch_id
                                    left join under_way u on u.producer_id = b.producer_id
                                    where j.state = 'RUNNING'
                                      and (j.lease_until is null or j.lease_until < clock_timestamp())
                                      and (j.retry_at is null or j.retry_at <= clock_timestamp())
                                    order by coalesce(u.jobs, 0), j.started_at
                                    limit 1
                                    for update of j skip locked)
                        returning id
                        """)
                .param("owner", owner)
                .param("lease", seconds(settings.lease()))
                .query(UUID.class)
                .optional();
    }

    /** Issues the job's remaining packages and its label sheet, for as long as this instance holds it. */
    void work(UUID id) {
        try {
            Step step;
            do {
                if (stopping) {
                    return;
                }
                step = issueChunk(id);
            } while (step == Step.ISSUED);
            if (step != Step.ALL_ISSUED || !renewLease(id)) {
                return;
            }
            var key = storeLabelSheet(id);
            int finished = jdbc.sql(
                            """
                            update package_job set state = 'DONE', finished_at = ?, label_sheet_key = ?,
                                   lease_owner = null, lease_until = null, attempts = 0, retry_at = null, failure = null
                            where id = ? and lease_owner = ? and state = 'RUNNING'
                            """)
                    .params(Timestamp.from(clock.instant()), key, id, owner)
                    .update();
            if (finished == 0) {
                log.info("Package job {} was taken over before it finished here; the other instance ends it", id);
            }
        } catch (RuntimeException e) {
            if (stopping) {
                log.info("Package job {} was cut short by the stop; it resumes on the next start", id);
            } else {
                failed(id, e);
            }
        }
    }

    enum Step {
        /** A chunk was issued; more may remain. */
        ISSUED,
        /** Every package asked for exists: the label sheet is next. */
        ALL_ISSUED,
        /** This instance no longer holds the job, or the job has ended. */
        NOT_HELD,
        /** The batch was recalled: the job ended FAILED. */
        STOPPED
    }

    /**
     * One chunk, under the job row's lock and only by the lease's holder. The batch's row is locked too
     * (shared), so that a recall under way is waited for and then seen: none of this chunk's packages
     * comes after a recall. No recall locks a job, so the two never wait on each other in a cycle.
     */
    Step issueChunk(UUID id) {
        return transactions.execute(status -> {
            record Progress(UUID batchId, int requested, int created, boolean recalled) {}
            var progress = jdbc.sql(
                            """
                            select j.batch_id, j.requested, j.created, b.recalled_at is not null
                            from package_job j join batch b on b.id = j.batch_id
                            where j.id = ? and j.lease_owner = ? and j.state = 'RUNNING'
                            for update of j for share of b
                            """)
                    .params(id, owner)
                    .query((rs, row) ->
                            new Progress(rs.getObject(1, UUID.class), rs.getInt(2), rs.getInt(3), rs.getBoolean(4)))
                    .optional();
            if (progress.isEmpty()) {
                return Step.NOT_HELD;
            }
            var job = progress.get();
            if (job.recalled()) {
                jdbc.sql(
                                """
                                update package_job set state = 'FAILED', finished_at = ?, failure = ?,
                                       lease_owner = null, lease_until = null, retry_at = null
                                where id = ?
                                """)
                        .params(
                                Timestamp.from(clock.instant()),
                                "The batch was recalled: no more packages are issued for it (%d of %d were)."
                                        .formatted(job.created(), job.requested()),
                                id)
                        .update();
                return Step.STOPPED;
            }
            int chunk = Math.min(CHUNK, job.requested() - job.created());
            if (chunk <= 0) {
                return Step.ALL_ISSUED;
            }
            var now = Timestamp.from(clock.instant());
            int made = 0;
            while (made < chunk) {
                var serials = new ArrayList<Object[]>();
                for (int i = made; i < chunk; i++) {
                    serials.add(new Object[] {Serials.next(), job.batchId(), id, now});
                }
                // A serial already taken (100 random bits: practically never) inserts nothing and is drawn again.
                for (int inserted : template.batchUpdate(
                        "insert into package (serial, batch_id, job_id, created_at) values (?, ?, ?, ?) on conflict do nothing",
                        serials)) {
                    made += inserted > 0 ? 1 : 0;
                }
            }
            jdbc.sql(
                            """
                            update package_job set created = created + ?, attempts = 0, retry_at = null, failure = null,
                                   lease_until = clock_timestamp() + make_interval(secs => ?)
                            where id = ?
                            """)
                    .params(chunk, seconds(settings.lease()), id)
                    .update();
            return Step.ISSUED;
        });
    }

    private boolean renewLease(UUID id) {
        return jdbc.sql(
                                """
                        update package_job set lease_until = clock_timestamp() + make_interval(secs => ?)
                        where id = ? and lease_owner = ? and state = 'RUNNING'
                        """)
                        .params(seconds(settings.lease()), id, owner)
                        .update()
                == 1;
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
                .map(serial -> new LabelSheet.Label(
                        serial, Packages.uri(properties.resolverBase(), batch[2], batch[3], serial)))
                .toList();
        var pdf = LabelSheet.render(batch[1], batch[3], labels);
        var key = "labels/" + batch[0] + "/" + jobId + ".pdf";
        objects.put(properties.labelBucket(), key, pdf, "application/pdf");
        return key;
    }

    /**
     * Counts a failure: the job waits for its next attempt, or after too many in a row is FAILED.
     * The lease is let go either way, so that any instance may make the next attempt.
     */
    private void failed(UUID id, RuntimeException e) {
        var reason = reason(e);
        try {
            var outcome = jdbc.sql(
                            """
                            update package_job set attempts = attempts + 1, failure = :reason,
                                   lease_owner = null, lease_until = null,
                                   state = case when attempts + 1 >= :max then 'FAILED' else 'RUNNING' end,
                                   finished_at = case when attempts + 1 >= :max then cast(:now as timestamptz) end,
                                   retry_at = case when attempts + 1 < :max then clock_timestamp()
                                       + make_interval(secs => least(:cap, :base * power(2, attempts))) end
                            where id = :id and lease_owner = :owner and state = 'RUNNING'
                            returning attempts, state
                            """)
                    .param("reason", reason)
                    .param("max", settings.maxAttempts())
                    .param("now", Timestamp.from(clock.instant()))
                    .param("cap", seconds(settings.maxRetryBackoff()))
                    .param("base", seconds(settings.retryBackoff()))
                    .param("id", id)
                    .param("owner", owner)
                    .query((rs, row) -> rs.getInt(1) + " failure(s) in a row, now " + rs.getString(2))
                    .optional();
            log.warn("Package job {} failed ({}): {}", id, outcome.orElse("no longer held here"), reason, e);
        } catch (DataAccessException recording) {
            // The database is away too: the lease runs out and any instance tries again.
            e.addSuppressed(recording);
            log.warn("Package job {} failed and its failure could not be recorded: {}", id, reason, e);
        }
    }

    /** What went wrong, in words for the job's producer: no internals. */
    static String reason(Throwable e) {
        for (var cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ObjectStoreException) {
                return "Object storage could not keep the label sheet.";
            }
            if (cause instanceof DataAccessException) {
                return "The database was unavailable.";
            }
        }
        return "An unexpected error; the service log has it under this job's id.";
    }

    private static double seconds(java.time.Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /** Lets go of every job this instance holds, so that another takes them up at once. */
    private void releaseLeases() {
        try {
            int released = jdbc.sql(
                            "update package_job set lease_owner = null, lease_until = null where lease_owner = ? and state = 'RUNNING'")
                    .param(owner)
                    .update();
            if (released > 0) {
                log.info("Let go of {} unfinished package job(s) for another instance or the next start", released);
            }
        } catch (DataAccessException e) {
            log.warn("Could not let go of this instance's package jobs; their leases run out instead", e);
        }
    }

    @Override
    public void start() {
        stopping = false;
        workers = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().daemon().name("package-job-", 0).factory());
        var executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("package-job-poller").factory());
        executor.scheduleWithFixedDelay(
                this::pollQuietly, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        poller = executor;
    }

    /** Ends the jobs running here between chunks and lets go of them. */
    @Override
    public void stop() {
        stopping = true;
        var executor = poller;
        poller = null;
        if (executor != null) {
            executor.shutdownNow();
        }
        var running = workers;
        if (running != null) {
            running.shutdown();
            try {
                if (!running.awaitTermination(10, TimeUnit.SECONDS)) {
                    running.shutdownNow();
                }
            } catch (InterruptedException e) {
                running.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        releaseLeases();
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }
}
