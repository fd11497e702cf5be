package vn.ocop.servers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 18 server from the zonky binaries on Maven Central, on 127.0.0.1 with no unix
 * socket. Each service gets a database of its own ({@link #createDatabase}).
 *
 * <p>PostgreSQL refuses root; zonky runs it in a user namespace ({@code unshare -U}) when the JVM is
 * root, which works on these machines.
 */
final class PostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
    static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final OrphanRegistry orphans;

    private PostgresServer(EmbeddedPostgres postgres, OrphanRegistry orphans) {
        this.postgres = postgres;
        this.orphans = orphans;
    }

    /**
     * @param dataDirectory the cluster's data directory; an existing one is reused (the local platform
     *     keeps its data across restarts)
     * @param port the port, or 0 for a free one
     */
    static PostgresServer start(Path dataDirectory, int port, OrphanRegistry orphans) throws IOException {
        var started = Instant.now();
        Files.createDirectories(dataDirectory.getParent());
        var postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port == 0 ? LoopbackPorts.single() : port)
                .setServerConfig("listen_addresses", Host.LOOPBACK)
                .setServerConfig("unix_socket_directories", "")
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setRegisterShutdownHook(false)
                .start();
        var postmaster = dataDirectory.resolve("postmaster.pid");
        if (Files.isRegularFile(postmaster)) {
            long pid = Long.parseLong(Files.readAllLines(postmaster).get(0).trim());
            orphans.record("postgres", pid, dataDirectory.toString());
        }
        log.info(
                "PostgreSQL ready on port {} in {} ms",
                postgres.getPort(),
                Duration.between(started, Instant.now()).toMillis());
        return new PostgresServer(postgres, orphans);
    }

    int port() {
        return postgres.getPort();
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + Host.LOOPBACK + ":" + port() + "/" + database;
    }

    /** Creates {@code database} unless it exists. */
    void createDatabase(String database) {
        if (!database.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        try (var connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
                var statement = connection.createStatement()) {
            var exists = statement.executeQuery("select 1 from pg_database where datname = '" + database + "'");
            if (!exists.next()) {
                statement.execute("create database " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database, e);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
        orphans.forget("postgres");
    }
}
