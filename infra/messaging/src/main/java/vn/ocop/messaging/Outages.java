package vn.ocop.messaging;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells an outage from a bad event. An event that fails because a server the consumer needs is away
 * would fail the same way for every event: sending it to the dead-letter topic would lose it, and every
 * event after it, for as long as the outage lasts. Such failures are waited out; any other failure is
 * the event's own and, after a few tries, dead-lettered.
 *
 * <p>An outage is: no database connection to be had, or the one in use dropped (SQLSTATE class 08,
 * 57P: the server shut down or ended the session); a server out of resources (53100: disk full, 53300:
 * too many connections; 58030: an I/O error) or read-only (25006: a connection still on the
 * old primary after a failover); a deadlock, lock or
 * serialisation conflict to retry (40001, 40P01, 55P03); a rollback that failed after one of those; a
 * connection refused; or a handler's {@link ServerUnavailable}. What one record's data can cause every
 * time (a value too large for an index, a statement timeout, a broken constraint) is not, whatever
 * class Spring translates it to: waiting on it would block the consumer for good.
 */
public final class Outages {

    private static final Set<String> RETRY_STATES =
            Set.of("53100", "53300", "25006", "58030", "40001", "40P01", "55P03");

    private Outages() {}

    /** Whether {@code failure}, or what caused it, says a server is away rather than the event is bad. */
    public static boolean isOutage(Throwable failure) {
        return isOutage(failure, 0);
    }

    private static boolean isOutage(Throwable failure, int depth) {
        if (failure == null || depth > 32) {
            return false;
        }
        if (failure instanceof ServerUnavailable
                || failure instanceof CannotGetJdbcConnectionException
                || failure instanceof CannotCreateTransactionException
                || failure instanceof PessimisticLockingFailureException
                || failure instanceof ConnectException
                || failure instanceof SQLTransientConnectionException
                || failure instanceof SQLRecoverableException) {
            return true;
        }
        if (failure instanceof SQLException sql && sql.getSQLState() != null) {
            // The database said what went wrong: that decides.
            return waitable(sql.getSQLState());
        }
        // A rollback that failed after the work failed (the connection died under both) carries the work's
        // failure beside its cause, not in the chain.
        if (failure instanceof TransactionSystemException rollback
                && isOutage(rollback.getApplicationException(), depth + 1)) {
            return true;
        }
        return isOutage(failure.getCause(), depth + 1);
    }

    private static boolean waitable(String state) {
        return state.startsWith("08") || state.startsWith("57P") || RETRY_STATES.contains(state);
    }
}
