package vn.ocop.testing;

import java.sql.DriverManager;
import java.sql.SQLException;
import vn.ocop.servers.ServerAddresses;

/**
 * A service's database made unreachable for as long as this is open, on the real PostgreSQL: new
 * connections to it are refused and the ones open are closed, as when the database server is away.
 * Closing lets connections in again; the service's pool reconnects by itself.
 */
public final class DatabaseOutage implements AutoCloseable {

    private final ServerAddresses servers;
    private final String database;

    private DatabaseOutage(ServerAddresses servers, String database) {
        this.servers = servers;
        this.database = database;
    }

    /** Starts an outage of {@code database}, reached as the servers' administrator through its {@code postgres} database. */
    public static DatabaseOutage of(ServerAddresses servers, String database) {
        var outage = new DatabaseOutage(servers, database);
        outage.run("alter database " + quoted(database) + " with allow_connections false");
        try {
            outage.run("select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
                    + database.replace("'", "''") + "'");
        } catch (RuntimeException e) {
            // Never leave the database closed behind a failed start: every later test would fail.
            outage.close();
            throw e;
        }
        return outage;
    }

    @Override
    public void close() {
        run("alter database " + quoted(database) + " with allow_connections true");
    }

    private void run(String sql) {
        try (var connection = DriverManager.getConnection(
                        servers.jdbcUrl("postgres"), servers.postgresUser(), servers.postgresPassword());
                var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run \"" + sql + "\" against PostgreSQL", e);
        }
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
