package vn.ocop.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka, Elasticsearch, S3 and PostgreSQL, started together on 127.0.0.1 with no Docker: the real
 * servers, from Maven Central artifacts. Tests share one set per JVM ({@link #shared()}); the local
 * platform starts its own with fixed ports and kept data.
 */
public final class EmbeddedServers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServers.class);

    /** The buckets every deployment has: product media, batch documents, QR label sheets. */
    public static final List<String> BUCKETS = List.of("ocop-media", "ocop-documents", "ocop-labels");

    private static final String S3_ACCESS_KEY = "ocop-local";
    private static final String S3_SECRET_KEY = "ocop-local-secret";

    private static EmbeddedServers shared;

    private final KafkaBroker kafka;
    private final ElasticsearchNode elasticsearch;
    private final S3Server s3;
    private final PostgresServer postgres;
    private final Path dataDirectory;
    private final boolean transientData;
    private final Duration startup;

    private EmbeddedServers(
            KafkaBroker kafka,
            ElasticsearchNode elasticsearch,
            S3Server s3,
            PostgresServer postgres,
            Path dataDirectory,
            boolean transientData,
            Duration startup) {
        this.kafka = kafka;
        this.elasticsearch = elasticsearch;
        this.s3 = s3;
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.transientData = transientData;
        this.startup = startup;
    }

    /**
     * How to start the servers.
     *
     * @param dataDirectory where the servers keep their data; null for a fresh directory that is
     *     deleted on close
     * @param ports fixed ports, or {@link Ports#FREE} for free ones
     */
    public record Options(Path dataDirectory, Ports ports) {

        public static Options forTests() {
            return new Options(null, Ports.FREE);
        }
    }

    /** Fixed ports; 0 means any free port. */
    public record Ports(int kafka, int elasticsearch, int s3, int postgres) {
        public static final Ports FREE = new Ports(0, 0, 0, 0);
    }

    /** The servers shared by every test in this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedServers shared() {
        if (shared == null) {
            shared = start(Options.forTests());
            var servers = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(servers::close, "ocop-servers-shutdown"));
        }
        return shared;
    }

    /** Starts all four servers in parallel; stops those that did start if any fails. */
    public static EmbeddedServers start(Options options) {
        var started = Instant.now();
        var base = serversHome();
        var orphans = new OrphanRegistry(base.resolve("running"));
        int reaped = orphans.reapOrphans();
        if (reaped > 0) {
            log.warn("Stopped {} server process(es) left behind by a crashed JVM", reaped);
        }
        boolean transientData = options.dataDirectory() == null;
        Path data;
        try {
            data = transientData
                    ? Files.createTempDirectory(Files.createDirectories(base.resolve("runs")), "run-")
                    : Files.createDirectories(options.dataDirectory());
            // Elasticsearch may run as another account (see Host), which must reach its data below.
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
            Host.requireTraversable(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var ports = options.ports();
        // Kafka loads classes through the thread's context class loader; inside a Spring Boot jar that
        // must be the loader that sees the nested jars, not the system one of the common pool.
        var loader = EmbeddedServers.class.getClassLoader();
        var starters = Executors.newFixedThreadPool(4, task -> {
            var thread = new Thread(task, "ocop-server-start");
            thread.setContextClassLoader(loader);
            thread.setDaemon(true);
            return thread;
        });
        var kafka = CompletableFuture.supplyAsync(
                () -> unchecked(() -> KafkaBroker.start(data.resolve("kafka"), ports.kafka())), starters);
        var elasticsearch = CompletableFuture.supplyAsync(
                () -> unchecked(() -> ElasticsearchNode.start(
                        base.resolve("cache"), data.resolve("elasticsearch"), ports.elasticsearch(), orphans)),
                starters);
        var s3 = CompletableFuture.supplyAsync(
                () -> unchecked(() -> S3Server.start(
                        transientData ? null : data.resolve("s3"), ports.s3(), S3_ACCESS_KEY, S3_SECRET_KEY, BUCKETS)),
                starters);
        var postgres = CompletableFuture.supplyAsync(
                () -> unchecked(() -> PostgresServer.start(data.resolve("postgres"), ports.postgres(), orphans)),
                starters);
        try {
            CompletableFuture.allOf(kafka, elasticsearch, s3, postgres).join();
        } catch (CompletionException e) {
            starters.shutdown();
            for (var server : List.of(kafka, elasticsearch, s3, postgres)) {
                server.thenAccept(EmbeddedServers::closeQuietly);
            }
            throw new IllegalStateException("The servers did not start", e.getCause());
        }
        starters.shutdown();
        var servers = new EmbeddedServers(
                kafka.join(),
                elasticsearch.join(),
                s3.join(),
                postgres.join(),
                data,
                transientData,
                Duration.between(started, Instant.now()));
        log.info("Kafka, Elasticsearch, S3 and PostgreSQL ready in {} ms", servers.startup.toMillis());
        return servers;
    }

    public ServerAddresses addresses() {
        return new ServerAddresses(
                kafka.bootstrapServers(),
                elasticsearch.uri().toString(),
                s3.endpoint().toString(),
                S3_ACCESS_KEY,
                S3_SECRET_KEY,
                Host.LOOPBACK + ":" + postgres.port(),
                PostgresServer.USER,
                "");
    }

    /** A server made unreachable for as long as this is open. */
    public interface Outage extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Object storage away until the returned outage is closed: the S3 server stops listening, so
     * every request to it fails to connect, then listens again on the same port with its objects.
     */
    public Outage objectStorageOutage() {
        unchecked(() -> {
            s3.pause();
            return null;
        });
        return () -> unchecked(() -> {
            s3.resume();
            return null;
        });
    }

    /** Creates a service's database unless it exists. */
    public void createDatabase(String database) {
        postgres.createDatabase(database);
    }

    public Duration startupTime() {
        return startup;
    }

    @Override
    public synchronized void close() {
        var closing = new ArrayList<AutoCloseable>(List.of(elasticsearch, kafka, s3, postgres));
        closing.forEach(EmbeddedServers::closeQuietly);
        if (transientData) {
            try {
                ElasticsearchNode.deleteTree(dataDirectory);
            } catch (IOException e) {
                log.debug("Could not delete {}", dataDirectory, e);
            }
        }
    }

    /**
     * Where the servers keep what outlives one run: the unpacked Elasticsearch, the record of running
     * server processes, and scratch data. {@code OCOP_SERVERS_HOME} overrides it.
     */
    public static Path serversHome() {
        var configured = System.getenv("OCOP_SERVERS_HOME");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "ocop-servers-" + System.getProperty("user.name"));
    }

    private static void closeQuietly(AutoCloseable server) {
        try {
            server.close();
        } catch (Exception e) {
            log.warn("Stopping {} failed", server.getClass().getSimpleName(), e);
        }
    }

    private interface Starter<T> {
        T start() throws Exception;
    }

    private static <T> T unchecked(Starter<T> starter) {
        try {
            return starter.start();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
