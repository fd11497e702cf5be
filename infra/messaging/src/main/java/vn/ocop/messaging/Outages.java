package vn.ocop.messaging;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells an outage from a bad event. An event that fails because a server the consumer needs is away
 * (the database cannot be reached, gives no connection, or drops the one in use; a lock or
 * serialisation conflict to retry; a handler's {@link ServerUnavailable}) would fail the same way for
 * every event: sending it to the dead-letter topic would lose it, and every event after it, for as
 * long as the outage lasts. Such failures are waited out; any other failure is the event's own and,
 * after a few tries, dead-lettered.
 */
public final class Outages {

    private Outages() {}

    /** Whether {@code failure}, or anything that caused it, says a server is away rather than the event is bad. */
    public static boolean isOutage(Throwable failure) {
        return isOutage(failure, 0);
    }

    private static boolean isOutage(Throwable failure, int depth) {
        if (failure == null || depth > 32) {
            return false;
        }
        if (failure instanceof ServerUnavailable
                || failure instanceof DataAccessResourceFailureException
                || failure instanceof TransientDataAccessException
                || failure instanceof CannotCreateTransactionException
                || failure instanceof ConnectException
                || failure instanceof SQLTransientConnectionException
                || failure instanceof SQLRecoverableException
                || (failure instanceof SQLException sql && connectionLost(sql.getSQLState()))) {
            return true;
        }
        // A rollback that failed after the work failed (the connection died under both) carries the work's
        // failure beside its cause, not in the chain.
        if (failure instanceof TransactionSystemException rollback
                && isOutage(rollback.getApplicationException(), depth + 1)) {
            return true;
        }
        return isOutage(failure.getCause(), depth + 1);
    }

    /** SQLSTATE class 08 (connection exception) or 57P (the server is shutting down or ended the session). */
    private static boolean connectionLost(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }
}
