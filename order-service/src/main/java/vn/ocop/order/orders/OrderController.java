package vn.ocop.order.orders;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.ocop.web.Caller;
import vn.ocop.web.ProblemException;

/** Orders for their shopper, their producer and the office; and the moves people make on them. */
@RestController
@RequestMapping("/api/orders")
class OrderController {

    /** A package serial as trace-service issues it: GS1 CSET 82 characters, at most 20. */
    static final String SERIAL = "[!\"%&'()*+,\\-./0-9:;<=>?A-Z_a-z]{1,20}";

    private final Orders orders;

    OrderController(Orders orders) {
        this.orders = orders;
    }

    record Cancellation(@Size(max = 500) String reason) {}

    record Shipment(
            @NotNull @Size(min = 1, max = 1000, message = "must name between 1 and 1000 packages")
                    List<
                                    @NotNull
                                    @Pattern(
                                            regexp = SERIAL,
                                            message = "must be a package serial (GS1 CSET 82, 1-20 characters)")
                                    String>
                            packageSerials) {}

    @GetMapping
    Orders.Page list(
            @RequestParam(required = false) String state,
            @RequestParam(defaultValue = "0") String page,
            @RequestParam(defaultValue = "20") String size,
            Caller caller) {
        OrderState wanted = null;
        if (state != null) {
            try {
                wanted = OrderState.valueOf(state.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("state", "must be one of " + List.of(OrderState.values()));
            }
        }
        return orders.list(caller, wanted, number("page", page, 0, 10_000), number("size", size, 1, 100));
    }

    @GetMapping("/{id}")
    OrderView find(@PathVariable UUID id, Caller caller) {
        return orders.find(id, caller).orElseThrow(() -> ProblemException.notFound("Order " + id));
    }

    @PostMapping("/{id}/cancellation")
    OrderView cancel(
            @PathVariable UUID id, @Valid @RequestBody(required = false) Cancellation cancellation, Caller caller) {
        return orders.cancel(id, cancellation == null ? null : cancellation.reason(), caller);
    }

    @PostMapping("/{id}/shipment")
    OrderView ship(@PathVariable UUID id, @Valid @RequestBody Shipment shipment, Caller caller) {
        var seen = new HashSet<String>();
        for (int i = 0; i < shipment.packageSerials().size(); i++) {
            if (!seen.add(shipment.packageSerials().get(i))) {
                throw ProblemException.invalid("packageSerials[" + i + "]", "names a package already in the parcel");
            }
        }
        return orders.ship(id, shipment.packageSerials(), caller);
    }

    @PostMapping("/{id}/delivery")
    OrderView delivered(@PathVariable UUID id, Caller caller) {
        return orders.confirmDelivery(id, caller);
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalid(name, "must be a whole number from " + min + " to " + max);
    }
}
