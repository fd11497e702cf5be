package vn.ocop.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;

class ProblemDetailsAdviceTests {

    private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice();

    @Test
    void aDatabaseThatCannotBeReachedIsAProblemToRetry() {
        var answer = advice.databaseUnavailable(new DataAccessResourceFailureException(
                "connection lost", new SQLException("An I/O error occurred", "08006")));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isNotBlank();
    }

    @Test
    void aProgramLimitIsNoOutageAndNotWorthRetrying() {
        // What PostgreSQL says of a value too large for a B-tree index; Spring translates class 54 as a
        // resource failure.
        var answer = advice.databaseUnavailable(new DataAccessResourceFailureException(
                "insert failed",
                new SQLException("index row size 3056 exceeds btree version 4 maximum 2704", "54000")));

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isNull();
        assertThat(answer.getBody().getDetail()).doesNotContain("index row");
    }

    @Test
    void aValueTheDatabaseRefusesIsTheRequestsFaultAndSaysNothingOfTheDatabase() {
        var nul = advice.valueRefused(new DataIntegrityViolationException(
                "insert failed", new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021")));
        var date = advice.valueRefused(new DataIntegrityViolationException(
                "insert failed", new SQLException("timestamp out of range", "22008")));

        assertThat(nul.getStatusCode().value()).isEqualTo(400);
        assertThat(nul.getBody().getDetail())
                .contains("cannot be stored as sent")
                .doesNotContain("UTF8");
        assertThat(date.getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void aBrokenReferenceIsNoCallersValueButTheServicesFault() {
        var answer = advice.valueRefused(new DataIntegrityViolationException(
                "insert failed", new SQLException("violates foreign key constraint", "23503")));

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
    }
}
