package vn.ocop.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says which part of a JSON body could not be read, and why, in terms a caller can act on: the field
 * as a path ({@code lines[2].quantity}, or {@code body} for the body as a whole) and what its value
 * must be. It never repeats Jackson's own message, which names the platform's classes.
 */
final class BodyErrors {

    private BodyErrors() {}

    static Map<String, String> describe(HttpMessageNotReadableException unreadable) {
        var cause = unreadable.getMostSpecificCause();
        if (!(cause instanceof JacksonException jackson)) {
            return ProblemDetailsAdvice.fieldError("body", "is required and must be JSON");
        }
        var field = path(jackson);
        return ProblemDetailsAdvice.fieldError(field, reason(jackson));
    }

    private static String reason(JacksonException e) {
        // Jackson says so in a plain StreamReadException when the input stops between an object's entries.
        if (e instanceof StreamReadException
                && String.valueOf(e.getOriginalMessage()).startsWith("Unexpected end-of-input")) {
            return "is not valid JSON: it ends too soon";
        }
        return switch (e) {
            case StreamConstraintsException ignored -> "nests too deeply or holds a value too long to read";
            case InputCoercionException ignored -> "is a number out of range";
            case StreamReadException ignored -> "is not valid JSON" + at(e);
            case UnrecognizedPropertyException ignored -> "is not a known field";
            case InvalidNullException ignored -> "must not be null";
            case PlainText.Refused refused -> refused.reason();
            case MismatchedInputException mismatch ->
                mismatch.getTargetType() == null
                        ? "has a value of the wrong type"
                        : "must be " + expected(mismatch.getTargetType());
            default -> "could not be read";
        };
    }

    private static String at(JacksonException e) {
        var location = e.getLocation();
        return location == null || location.getLineNr() < 1
                ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** What a value of {@code type} looks like in JSON. */
    static String expected(Class<?> type) {
        if (type.equals(String.class) || type.equals(char.class) || type.equals(Character.class)) {
            return "text";
        }
        if (type.equals(boolean.class) || type.equals(Boolean.class)) {
            return "true or false";
        }
        if (type.equals(int.class)
                || type.equals(long.class)
                || type.equals(short.class)
                || type.equals(Integer.class)
                || type.equals(Long.class)
                || type.equals(Short.class)
                || type.equals(BigInteger.class)) {
            return "a whole number";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type) || type.equals(BigDecimal.class)) {
            return "a number";
        }
        if (type.equals(UUID.class)) {
            return "a UUID";
        }
        if (type.equals(LocalDate.class)) {
            return "a date (yyyy-MM-dd)";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "a date and time (ISO 8601)";
        }
        if (type.isEnum()) {
            return "one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(Object::toString)
                            .collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    private static String path(JacksonException e) {
        var path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
