package vn.ocop.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import vn.ocop.events.UnreadableEvent;

/** Which failures the consumers wait out, and which are the event's own. */
class OutagesTests {

    @Test
    void aDatabaseThatIsAwayOrAsksForATryAgainIsAnOutage() {
        assertThat(Outages.isOutage(new CannotGetJdbcConnectionException("no connection")))
                .isTrue();
        assertThat(Outages.isOutage(new CannotCreateTransactionException("could not open", new SQLException("x"))))
                .isTrue();
        assertThat(Outages.isOutage(new DataAccessResourceFailureException(
                        "terminating connection", new SQLException("terminating connection", "57P01"))))
                .isTrue();
        assertThat(Outages.isOutage(new DataAccessResourceFailureException(
                        "too many clients", new SQLException("sorry, too many clients already", "53300"))))
                .isTrue();
        assertThat(Outages.isOutage(
                        new CannotAcquireLockException("deadlock", new SQLException("deadlock detected", "40P01"))))
                .isTrue();
        assertThat(Outages.isOutage(new CannotAcquireLockException("deadlock loser")))
                .isTrue();
        assertThat(Outages.isOutage(new SQLException("Connection is closed", "08003")))
                .isTrue();
        assertThat(Outages.isOutage(new SQLException("terminating connection", "57P01")))
                .isTrue();
    }

    @Test
    void aDatabaseOutOfResourcesOrReadOnlyAfterAFailoverIsAnOutage() {
        // A pooled connection that reaches the old primary, read-only after a failover.
        assertThat(Outages.isOutage(new DataAccessResourceFailureException(
                        "read-only", new SQLException("cannot execute INSERT in a read-only transaction", "25006"))))
                .isTrue();
        for (var state : new String[] {"53100", "58030"}) {
            assertThat(Outages.isOutage(new SQLException("disk full, I/O error", state)))
                    .as(state)
                    .isTrue();
        }
        // A limit one record's work reaches every time (an index row too large, temp_file_limit, the
        // shared memory for locks) is no outage.
        for (var state : new String[] {"54000", "53400", "53200"}) {
            assertThat(Outages.isOutage(new SQLException("limit reached", state)))
                    .as(state)
                    .isFalse();
        }
    }

    @Test
    void aRollbackThatFailedAfterTheWorkFailedIsJudgedByTheWork() {
        var rollback = new TransactionSystemException("JDBC rollback failed", new SQLException("closed", "08003"));
        assertThat(Outages.isOutage(rollback)).isTrue();

        var afterOutage = new TransactionSystemException("JDBC rollback failed");
        afterOutage.initApplicationException(new DataAccessResourceFailureException(
                "terminating connection", new SQLException("terminating connection", "57P01")));
        assertThat(Outages.isOutage(afterOutage)).isTrue();

        var afterBadEvent = new TransactionSystemException("JDBC rollback failed");
        afterBadEvent.initApplicationException(new IllegalArgumentException("no such product"));
        assertThat(Outages.isOutage(afterBadEvent)).isFalse();
    }

    @Test
    void aServerAHandlerNamesOrCannotReachIsAnOutageHoweverDeepItLies() {
        var wrapped = new ListenerExecutionFailedException(
                "listener failed", new ServerUnavailable("Elasticsearch", new IOException("connection reset")));
        assertThat(Outages.isOutage(wrapped)).isTrue();
        assertThat(Outages.isOutage(new IllegalStateException("send failed", new ConnectException("refused"))))
                .isTrue();
    }

    @Test
    void aBadEventIsNoOutage() {
        assertThat(Outages.isOutage(new UnreadableEvent("not json", new IOException("bad token"))))
                .isFalse();
        assertThat(Outages.isOutage(new DataIntegrityViolationException("violates check constraint")))
                .isFalse();
        assertThat(Outages.isOutage(new SQLException("invalid input syntax for type uuid", "22P02")))
                .isFalse();
        assertThat(Outages.isOutage(new IllegalStateException("unknown order"))).isFalse();
    }

    @Test
    void whatOneRecordsDataCausesEveryTimeIsNoOutageWhateverSpringCallsIt() {
        // Spring translates SQLSTATE class 54 to a resource failure; the record would fail so for ever.
        assertThat(Outages.isOutage(new DataAccessResourceFailureException(
                        "index row size exceeds btree maximum",
                        new SQLException("index row size 3200 exceeds btree maximum", "54000"))))
                .isFalse();
        assertThat(Outages.isOutage(new QueryTimeoutException(
                        "statement timeout",
                        new SQLException("canceling statement due to statement timeout", "57014"))))
                .isFalse();
        assertThat(Outages.isOutage(new OptimisticLockingFailureException("stale version")))
                .isFalse();
    }
}
