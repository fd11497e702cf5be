package vn.ocop.order.checkout;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.ocop.web.Caller;
import vn.ocop.web.ProblemException;

@RestController
@RequestMapping("/api/checkouts")
class CheckoutController {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{8,100}");

    private final Checkouts checkouts;

    CheckoutController(Checkouts checkouts) {
        this.checkouts = checkouts;
    }

    /** Places a checkout once per Idempotency-Key: 201 the first time, 200 with the same checkout after. */
    @PostMapping
    ResponseEntity<CheckoutView> place(
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @Valid @RequestBody CheckoutRequest request,
            Caller caller) {
        if (idempotencyKey == null || !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw ProblemException.invalid(
                    "Idempotency-Key", "header must be 8-100 visible ASCII characters, e.g. a UUID");
        }
        var placed = checkouts.place(request, idempotencyKey, caller);
        var checkout = placed.checkout();
        return placed.created()
                ? ResponseEntity.created(URI.create("/api/checkouts/" + checkout.id()))
                        .body(checkout)
                : ResponseEntity.ok(checkout);
    }

    /** The caller's own checkouts, newest first (the office's own are none: it sees orders instead). */
    @GetMapping
    List<CheckoutView> list(
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size,
            Caller caller) {
        return checkouts.list(caller, page, size);
    }

    /** A shopper's own checkout; another shopper's is 404. */
    @GetMapping("/{id}")
    CheckoutView find(@PathVariable UUID id, Caller caller) {
        return checkouts.find(id, caller).orElseThrow(() -> ProblemException.notFound("Checkout " + id));
    }
}
