package vn.ocop.trace.resolver;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts and logs package scans without making a scan wait for a write: each scan is counted in
 * memory at once, and a background writer stores the scans and adds the counts to the packages every
 * fraction of a second (and once more when the service stops). A popular package is then not a row
 * every scan queues on. The log keeps each scan's second, kind of client and language, with scans
 * alike in all three stored as one row and a count. A crash loses at most the last fraction of a
 * second of scans.
 */
@Component
class ScanLog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScanLog.class);
    private static final Duration FLUSH_EVERY = Duration.ofMillis(200);
    private static final Duration RELOAD_AFTER = Duration.ofSeconds(2);

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Row> rows = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<String, Long> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService writer;

    ScanLog(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.transactions = transactions;
        this.clock = clock;
    }

    record Row(String serial, Instant at, String clientKind, String language) {}

    /** What this instance last read of a package's scans, and when. */
    private record Known(long stored, Instant firstScanAt, long readAtNanos) {}

    record Count(long scans, Instant firstScanAt) {}

    /** Counts a scan of a registered package and returns its scans so far, this one included. */
    Count scan(String serial, Resolutions.Scan scan) {
        var now = clock.instant();
        // Read (or found fresh) before counting, so that a database that is away fails the scan before
        // it counts; the read below then finds it in memory.
        stored(serial);
        // Counted before it is queued: a flush between the two would otherwise take the row off a count
        // that does not hold it yet, and the count would keep a scan too many.
        long mine = pending.merge(serial, 1L, Long::sum);
        rows.add(new Row(serial, now, scan.clientKind(), scan.language()));
        var stored = stored(serial);
        return new Count(stored.stored() + mine, stored.firstScanAt() == null ? now : stored.firstScanAt());
    }

    /** A package's scans so far, without counting one. */
    Count peek(String serial) {
        var stored = stored(serial);
        return new Count(stored.stored() + pending.getOrDefault(serial, 0L), stored.firstScanAt());
    }

    private Known stored(String serial) {
        var cached = known.get(serial);
        if (cached != null && System.nanoTime() - cached.readAtNanos() < RELOAD_AFTER.toNanos()) {
            return cached;
        }
        var read = jdbc.sql("select scan_count, first_scan_at from package where serial = ?")
                .param(serial)
                .query((rs, row) -> new Known(
                        rs.getLong(1),
                        rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant(),
                        System.nanoTime()))
                .single();
        if (known.size() > 100_000) {
            known.clear();
        }
        known.put(serial, read);
        return read;
    }

    /** Stores the scans so far; runs on the writer, and once more on stop. */
    synchronized void flush() {
        var batch = new ArrayList<Row>();
        for (Row row; (row = rows.poll()) != null; ) {
            batch.add(row);
        }
        if (batch.isEmpty()) {
            return;
        }
        var counts = new java.util.HashMap<String, long[]>();
        var firsts = new java.util.HashMap<String, Instant>();
        for (var row : batch) {
            counts.computeIfAbsent(row.serial(), s -> new long[1])[0]++;
            firsts.merge(row.serial(), row.at(), (a, b) -> a.isBefore(b) ? a : b);
        }
        try {
            store(batch, counts, firsts);
        } catch (RuntimeException e) {
            rows.addAll(batch); // kept for the next try
            throw e;
        }
        // The stored counts now include these scans: they are no longer this instance's alone.
        for (Map.Entry<String, long[]> count : counts.entrySet()) {
            long flushed = count.getValue()[0];
            pending.computeIfPresent(count.getKey(), (serial, mine) -> mine - flushed <= 0 ? null : mine - flushed);
            known.remove(count.getKey());
        }
    }

    /** Scans of one package in one second by one kind of client and language: stored as one row. */
    private record Bucket(String serial, Instant second, String clientKind, String language) {}

    private void store(java.util.List<Row> batch, Map<String, long[]> counts, Map<String, Instant> firsts) {
        var buckets = new java.util.LinkedHashMap<Bucket, long[]>();
        for (var row : batch) {
            buckets.computeIfAbsent(
                            new Bucket(
                                    row.serial(),
                                    row.at().truncatedTo(ChronoUnit.SECONDS),
                                    row.clientKind(),
                                    row.language()),
                            b -> new long[1])[0]++;
        }
        transactions.executeWithoutResult(status -> {
            template.batchUpdate(
                    "insert into package_scan (serial, at, client_kind, language, scans) values (?, ?, ?, ?, ?)",
                    buckets.entrySet().stream()
                            .map(e -> new Object[] {
                                e.getKey().serial(),
                                Timestamp.from(e.getKey().second()),
                                e.getKey().clientKind(),
                                e.getKey().language(),
                                e.getValue()[0]
                            })
                            .toList());
            template.batchUpdate(
                    """
                    update package set scan_count = scan_count + ?, first_scan_at = coalesce(first_scan_at, ?),
                                       last_scan_at = greatest(coalesce(last_scan_at, ?), ?)
                    where serial = ?
                    """,
                    counts.entrySet().stream()
                            .map(e -> {
                                var first = Timestamp.from(firsts.get(e.getKey()));
                                return new Object[] {
                                    e.getValue()[0], first, first, Timestamp.from(clock.instant()), e.getKey()
                                };
                            })
                            .toList());
        });
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Could not store package scans; they are kept and tried again", e);
        }
    }

    @Override
    public void start() {
        writer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("scan-log").daemon().factory());
        writer.scheduleWithFixedDelay(
                this::flushQuietly, FLUSH_EVERY.toMillis(), FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        var current = writer;
        writer = null;
        if (current != null) {
            current.shutdown();
            try {
                current.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            flushQuietly();
        }
    }

    @Override
    public boolean isRunning() {
        return writer != null;
    }

    /**
     * Stops after the web server (its graceful shutdown is at {@code DEFAULT_PHASE - 1024}, its stop at
     * {@code - 2048}), so that the scans of requests served while it drains are flushed too. The database
     * connections close after every lifecycle has stopped.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
