package vn.ocop.web;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/**
 * A request the platform refuses for a reason it can name: answered as an RFC 9457 problem with a
 * stable {@code type}, a human {@code detail} and, where one field is at fault, that field.
 */
public class ProblemException extends RuntimeException {

    /**
     * How long an {@link #unavailable} problem asks the caller to wait: long enough for a busy server's
     * queue to drain or a restarted one to answer, short enough that a client retrying once is not kept
     * waiting.
     */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final HttpStatus status;
    private final URI type;
    private final String field;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private Duration retryAfter;

    public ProblemException(HttpStatus status, String type, String detail, String field) {
        super(detail);
        this.status = status;
        this.type = Problems.type(type);
        this.field = field;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(HttpStatus.NOT_FOUND, "not-found", what + " was not found", null);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(HttpStatus.FORBIDDEN, "forbidden", detail, null);
    }

    public static ProblemException invalid(String field, String reason) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "invalid-request", reason, field);
    }

    /** A well-formed request that a business rule refuses (422); {@code rule} names the rule. */
    public static ProblemException ruleViolated(String rule, String detail) {
        return new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, rule, detail, null);
    }

    public static ProblemException conflict(String type, String detail) {
        return new ProblemException(HttpStatus.CONFLICT, type, detail, null);
    }

    /**
     * A server the service needs is away or overloaded (503): the caller is told to try again after
     * {@link #RETRY_AFTER}.
     */
    public static ProblemException unavailable(String type, String detail, Throwable cause) {
        var problem = new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, type, detail, null).retryAfter(RETRY_AFTER);
        problem.initCause(cause);
        return problem;
    }

    /** Adds a member to the problem, such as the order's current {@code state} on a conflict. */
    public ProblemException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    /**
     * Tells the caller when trying again may succeed, sent as the {@code Retry-After} header in whole
     * seconds: for a problem that passes by itself, such as a server the service needs being away.
     */
    public ProblemException retryAfter(Duration delay) {
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("retry after must be positive: " + delay);
        }
        this.retryAfter = delay;
        return this;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String field() {
        return field;
    }
}
