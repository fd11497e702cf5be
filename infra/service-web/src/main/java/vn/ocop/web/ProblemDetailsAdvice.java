package vn.ocop.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error into an RFC 9457 problem: Spring MVC's own (through the base class), the
 * platform's {@link ProblemException}s, and bean validation failures, which list each field at
 * fault with its reason under {@code errors}. An unexpected failure is a 500 problem that reveals
 * nothing of the internals.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final Pattern PARAMETER_NAME = Pattern.compile("Parameter \\[([A-Za-z0-9_.-]{1,64})]");

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> platformProblem(ProblemException problem) {
        if (problem.status().is5xxServerError()) {
            // The service's own trouble (a server it needs is away), not the caller's: keep the cause.
            // One line each, without the stack: an outage answers many requests so.
            log.warn("{}: {} ({})", problem.status(), problem.getMessage(), String.valueOf(problem.getCause()));
        }
        var body = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        body.setType(problem.type());
        if (problem.field() != null) {
            body.setProperty("field", problem.field());
            body.setProperty("errors", List.of(fieldError(problem.field(), problem.getMessage())));
        }
        problem.properties().forEach(body::setProperty);
        var response = ResponseEntity.status(problem.status());
        // Whole seconds, rounded up: a client that waits as told is never early.
        problem.retryAfter()
                .ifPresent(delay -> response.header(
                        HttpHeaders.RETRY_AFTER,
                        Long.toString(delay.plusNanos(999_999_999).toSeconds())));
        return response.body(body);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException violation) {
        var errors = violation.getConstraintViolations().stream()
                .map(v -> fieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(e -> e.get("field")))
                .toList();
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException mismatch) {
        var reason = "must be a valid "
                + (mismatch.getRequiredType() == null
                        ? "value"
                        : mismatch.getRequiredType().getSimpleName());
        return ResponseEntity.badRequest().body(invalid(List.of(fieldError(mismatch.getName(), reason))));
    }

    /** A query parameter whose percent-encoding is not UTF-8: Tomcat refuses to decode it. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> undecodableParameter(InvalidParameterException e) {
        var name = PARAMETER_NAME.matcher(String.valueOf(e.getMessage()));
        var field = name.find() ? name.group(1) : "query";
        return ResponseEntity.badRequest()
                .body(invalid(List.of(fieldError(field, "is not valid percent-encoded UTF-8"))));
    }

    /** An upload that is no multipart request, or one whose parts cannot be read. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> unreadableUpload(MultipartException e, HttpServletRequest request) {
        var contentType = String.valueOf(request.getContentType());
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                    .body(unsupportedMediaType("An upload must be sent as multipart/form-data."));
        }
        return ResponseEntity.badRequest()
                .body(invalid(List.of(fieldError("file", "the multipart body could not be read"))));
    }

    /** Let Spring Security's own handlers answer these (401 and 403 as problems, see ProblemAuthenticationHandlers). */
    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    void rethrowSecurity(RuntimeException e) {
        throw e;
    }

    /**
     * The database refused a value the request carried: SQLSTATE class 22, a data exception (a date or
     * number beyond its column's range, a NUL character in text). Validation should have refused it
     * first, naming the field; this answer still says it was the value, and the transaction stored
     * nothing.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> valueRefused(DataIntegrityViolationException e) {
        if (!sqlState(e).startsWith("22")) {
            return unexpected(e);
        }
        log.warn("A value the database refuses got past validation: {}", String.valueOf(e.getMostSpecificCause()));
        var body = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "A value in the request cannot be stored as sent: it is out of range or holds a character"
                        + " that is not allowed (such as NUL). Nothing was changed.");
        body.setType(Problems.type("invalid-request"));
        body.setTitle("Invalid request");
        return ResponseEntity.badRequest().body(body);
    }

    /** Two requests raced to create the same thing; the database's unique constraint let one win. */
    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException e) {
        var body = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT,
                "Something with the same identifying value was stored a moment ago; nothing was changed.");
        body.setType(Problems.type("duplicate"));
        return ResponseEntity.status(HttpStatus.CONFLICT).body(body);
    }

    /**
     * The database cannot be reached, gives no connection within the pool's wait (it is away, or every
     * connection is busy), drops the one in use (the rollback then fails too, and says so in a
     * TransactionSystemException), or asks for the transaction to be tried again (a deadlock or
     * serialisation conflict). The same request may well succeed in a moment. Whether it was stored is
     * not always known: a connection that drops during the commit leaves that open, so a retried create
     * may meet its own first try as a duplicate.
     */
    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        TransientDataAccessResourceException.class,
        PessimisticLockingFailureException.class,
        CannotCreateTransactionException.class,
        TransactionSystemException.class
    })
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        if (sqlState(e).startsWith("54")) {
            // SQLSTATE class 54 (a value too large for an index, too many parameters): Spring counts it a
            // resource failure, but the same request fails the same way every time. Trying again is no advice.
            return unexpected(e);
        }
        return platformProblem(ProblemException.unavailable(
                "service-unavailable",
                "The service cannot reach its records just now; the request may not have been saved."
                        + " Please try again shortly.",
                e));
    }

    /** The SQLSTATE of the first SQLException in the chain that has one, or "". */
    private static String sqlState(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "";
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        var body = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "The request failed unexpectedly; please try again.");
        body.setType(Problems.type("internal-error"));
        return ResponseEntity.internalServerError().body(body);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var errors = ex.getBindingResult().getFieldErrors().stream()
                .sorted(Comparator.comparing(FieldError::getField))
                .map(error -> fieldError(error.getField(), error.getDefaultMessage()))
                .toList();
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error ->
                                fieldError(result.getMethodParameter().getParameterName(), error.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    /**
     * A body that cannot be read as the endpoint's type: it names the field at fault (as a path such as
     * {@code lines[2].quantity}) and what it must be, or says where the JSON breaks off.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonBodyLimit.TooLarge tooLarge) {
                // A body sent without its length, read up to the limit (see JsonBodyLimit).
                var body = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
                body.setType(Problems.type("body-too-large"));
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(body);
            }
        }
        return ResponseEntity.badRequest().body(invalid(List.of(BodyErrors.describe(ex))));
    }

    /** A multipart upload without the part the endpoint reads (a file sent under another name). */
    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(
            MissingServletRequestPartException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest()
                .body(invalid(List.of(fieldError(ex.getRequestPartName(), "must be sent as a part of the upload"))));
    }

    /** A path variable that is present but blank once decoded (such as {@code %20}). */
    @Override
    protected ResponseEntity<Object> handleMissingPathVariable(
            MissingPathVariableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (!ex.isMissingAfterConversion()) {
            return super.handleMissingPathVariable(ex, headers, status, request);
        }
        return ResponseEntity.badRequest()
                .body(invalid(List.of(fieldError(ex.getVariableName(), "must not be blank"))));
    }

    /** A body of a type the endpoint does not read, or one sent without saying its type. */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // Of the types the endpoint could read, JSON is the one the platform speaks.
        var send = ex.getSupportedMediaTypes().contains(MediaType.APPLICATION_JSON)
                ? MediaType.APPLICATION_JSON_VALUE
                : ex.getSupportedMediaTypes().stream().map(MediaType::toString).collect(Collectors.joining(" or "));
        var given = request.getHeader(HttpHeaders.CONTENT_TYPE);
        var body = unsupportedMediaType((given == null || ex.getContentType() == null
                        ? "The request does not say its body's type (Content-Type)."
                        : "This address does not read "
                                + ex.getContentType().getType() + "/"
                                + ex.getContentType().getSubtype() + " bodies.")
                + (send.isEmpty() ? "" : " Send " + send + "."));
        return handleExceptionInternal(ex, body, headers, HttpStatus.UNSUPPORTED_MEDIA_TYPE, request);
    }

    private static ProblemDetail unsupportedMediaType(String detail) {
        var body = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE, detail);
        body.setType(Problems.type("unsupported-media-type"));
        return body;
    }

    private static ProblemDetail invalid(List<Map<String, String>> errors) {
        var body = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                errors.isEmpty()
                        ? "The request is invalid."
                        : errors.stream()
                                .map(e -> e.get("field") + ": " + e.get("reason"))
                                .reduce((a, b) -> a + "; " + b)
                                .orElseThrow());
        body.setType(Problems.type("invalid-request"));
        body.setTitle("Invalid request");
        if (errors.size() == 1) {
            body.setProperty("field", errors.getFirst().get("field"));
        }
        body.setProperty("errors", errors);
        return body;
    }

    static Map<String, String> fieldError(String field, String reason) {
        return Map.of("field", field, "reason", reason == null ? "is invalid" : reason);
    }

    private static String lastNode(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
