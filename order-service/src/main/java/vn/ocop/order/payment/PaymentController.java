package vn.ocop.order.payment;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.ocop.qr.QrCodes;
import vn.ocop.web.Caller;
import vn.ocop.web.PlainText;
import vn.ocop.web.ProblemException;

/** Paying checkouts: the shopper's VietQR code, the bank's signed notifications, and the office's list. */
@RestController
class PaymentController {

    /** A bank's transaction id: 1-64 visible ASCII characters. */
    private static final String TRANSACTION_ID = "[\\x21-\\x7E]{1,64}";

    private static final String TRANSACTION_ID_RULE = "must be a transaction id, 1-64 visible ASCII characters";

    private static final Instant EARLIEST_CURSOR = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST_CURSOR = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** The header carrying the hex HMAC-SHA256 of the raw body, optionally prefixed "sha256=". */
    static final String SIGNATURE = "X-Signature";

    /** A bank's notification is a few hundred bytes; this leaves it room, and an anonymous caller none. */
    static final int MAX_NOTIFICATION_BYTES = 16 * 1024;

    private final Payments payments;
    private final PaymentProperties properties;
    private final JsonMapper json;

    PaymentController(Payments payments, PaymentProperties properties, JsonMapper json) {
        this.payments = payments;
        this.properties = properties;
        this.json = json;
    }

    @GetMapping("/api/checkouts/{id}/payment")
    Payments.Offer offer(@PathVariable UUID id, Caller caller) {
        return payments.offer(id, caller);
    }

    @GetMapping(value = "/api/checkouts/{id}/payment/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> qrCode(@PathVariable UUID id, Caller caller) {
        var offer = payments.offer(id, caller);
        if (offer.payload() == null) {
            throw ProblemException.conflict(
                            "nothing-to-pay", "Checkout " + id + " has nothing to pay: " + offer.status() + ".")
                    .with("status", offer.status());
        }
        return ResponseEntity.ok()
                .contentType(MediaType.IMAGE_PNG)
                .header("Cache-Control", "private, no-store")
                .body(QrCodes.png(offer.payload(), 8));
    }

    /**
     * The bank's transfer notification. It is authenticated before anything is read or stored: a
     * missing or wrong signature is 401 and nothing is recorded.
     */
    @PostMapping(value = "/api/payments/notifications", consumes = MediaType.APPLICATION_JSON_VALUE)
    Payments.Outcome notification(
            @RequestHeader(name = SIGNATURE, required = false) String signature, HttpServletRequest request)
            throws IOException {
        // Read before the signature can be checked, so bounded: anyone may post here.
        var body = request.getContentLengthLong() > MAX_NOTIFICATION_BYTES
                ? null
                : request.getInputStream().readNBytes(MAX_NOTIFICATION_BYTES + 1);
        if (body == null || body.length > MAX_NOTIFICATION_BYTES) {
            throw new ProblemException(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "notification-too-large",
                    "A payment notification is at most " + MAX_NOTIFICATION_BYTES + " bytes.",
                    null);
        }
        if (signature == null || !signedBySecret(body, signature)) {
            throw new ProblemException(
                    HttpStatus.UNAUTHORIZED,
                    "invalid-signature",
                    "The " + SIGNATURE + " header is not the HMAC-SHA256 of this body with the shared secret.",
                    SIGNATURE);
        }
        return payments.receive(parse(body));
    }

    /**
     * The office's list, newest first. The last one's {@code receivedAt} and {@code transactionId}, as
     * {@code before} and {@code beforeTransaction}, page on from it; {@code before} alone lists what
     * came strictly before that instant.
     */
    @GetMapping("/api/admin/payments")
    List<Payments.Received> received(
            @RequestParam(defaultValue = "false") boolean flagged,
            @RequestParam(required = false) String before,
            @RequestParam(required = false) String beforeTransaction,
            @RequestParam(required = false) String size) {
        Payments.Cursor after = null;
        if (before != null) {
            Instant instant;
            try {
                instant = Instant.parse(before);
            } catch (DateTimeParseException e) {
                throw ProblemException.invalid("before", "must be an instant such as 2026-11-23T08:00:00Z");
            }
            // Beyond what PostgreSQL keeps (or a JDBC timestamp holds without wrapping round) no
            // notification is: named here, rather than refused by the database without a field.
            if (instant.isBefore(EARLIEST_CURSOR) || instant.isAfter(LATEST_CURSOR)) {
                throw ProblemException.invalid("before", "must be in the years 2000 to 9999");
            }
            if (beforeTransaction != null && !beforeTransaction.matches(TRANSACTION_ID)) {
                throw ProblemException.invalid(
                        "beforeTransaction", "must be a transaction id, 1-64 visible ASCII characters");
            }
            after = new Payments.Cursor(instant, beforeTransaction);
        } else if (beforeTransaction != null) {
            throw ProblemException.invalid("beforeTransaction", "needs before, the same notification's receivedAt");
        }
        int limit = 50;
        if (size != null) {
            try {
                limit = Integer.parseInt(size);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 200) {
                throw ProblemException.invalid("size", "must be a whole number from 1 to 200");
            }
        }
        return payments.received(flagged, after, limit);
    }

    /** {@code also}: more flagged transfers of the same checkout, applied with the one named in the path. */
    record Apply(
            UUID checkoutId,
            @NotBlank @Size(max = 500) String note,
            @Size(max = 20)
                    List<@NotNull @Pattern(regexp = TRANSACTION_ID, message = TRANSACTION_ID_RULE) String> also) {}

    record Settle(@NotBlank @Size(max = 500) String note) {}

    /** The office pays a checkout's confirmed orders with a flagged transfer (its amount off, its reference unknown). */
    @PostMapping("/api/admin/payments/{transactionId}/apply")
    Payments.Outcome apply(@PathVariable String transactionId, @Valid @RequestBody Apply apply, Caller caller) {
        return payments.applyFlagged(
                transactionId,
                apply.also() == null ? List.of() : apply.also(),
                apply.checkoutId(),
                apply.note(),
                caller);
    }

    /** The office records that a flagged transfer was dealt with otherwise: refunded, say. */
    @PostMapping("/api/admin/payments/{transactionId}/settle")
    ResponseEntity<Void> settle(@PathVariable String transactionId, @Valid @RequestBody Settle settle, Caller caller) {
        payments.settle(transactionId, settle.note(), caller);
        return ResponseEntity.noContent().build();
    }

    private boolean signedBySecret(byte[] body, String signature) {
        var hex = signature.strip();
        if (hex.regionMatches(true, 0, "sha256=", 0, 7)) {
            hex = hex.substring(7);
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(properties.notificationSecret(), body), given);
    }

    static byte[] hmac(String secret, byte[] body) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private Payments.Notification parse(byte[] body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException e) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        if (node == null || !node.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        var transaction = node.get("transactionId");
        if (transaction == null
                || !transaction.isString()
                || !transaction.asString().matches(TRANSACTION_ID)) {
            throw ProblemException.invalid(
                    "transactionId", "must be the bank's transaction id, 1-64 visible ASCII characters");
        }
        var amount = node.get("amountVnd");
        if (amount == null || !amount.isIntegralNumber() || !amount.canConvertToLong() || amount.asLong() <= 0) {
            throw ProblemException.invalid("amountVnd", "must be a whole number of đồng above zero");
        }
        var reference = node.get("reference");
        if (reference == null || !reference.isString() || reference.asString().length() > 500) {
            throw ProblemException.invalid("reference", "must be the transfer's description, at most 500 characters");
        }
        // Read as a tree, the body bypasses the text rules of every other body. A signed transfer is money
        // received, so its description is kept, not refused: what PostgreSQL or the office's list cannot hold
        // (a NUL, a stray control character) becomes U+FFFD.
        return new Payments.Notification(
                transaction.asString(), amount.asLong(), PlainText.scrub(reference.asString()));
    }
}
