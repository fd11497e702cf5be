package vn.ocop.testing;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * For tests that hold a row lock open from a connection of their own: waits until the service's
 * requests have met it, that is until {@code sessions} sessions of the database wait for a lock.
 */
public final class LockWaits {

    private LockWaits() {}

    /**
     * Waits up to 20 s for {@code sessions} sessions to wait for a lock; fails at once if one of
     * {@code waiters} (the work expected to wait) finished instead.
     */
    public static void await(DataSource database, int sessions, Future<?>... waiters) {
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .failFast("the work finished without waiting for the lock", () -> Arrays.stream(waiters)
                        .anyMatch(Future::isDone))
                .until(() -> waiting(database) == sessions);
    }

    private static int waiting(DataSource database) throws SQLException {
        try (var connection = database.getConnection();
                var statement = connection.prepareStatement(
                        "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
                var result = statement.executeQuery()) {
            result.next();
            return result.getInt(1);
        }
    }
}
