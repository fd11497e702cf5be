package vn.ocop.order.checkout;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * A shopper's checkout: what to buy and where to deliver it. Prices are not part of it: they come
 * from the catalogue copy at the moment the order is placed.
 */
public record CheckoutRequest(
        @NotNull @Size(min = 1, max = 50, message = "must have between 1 and 50 lines")
                List<@NotNull @Valid Line> lines,
        @NotNull @Valid Delivery delivery) {

    static final int MAX_QUANTITY = 1_000;

    /** This checkout delivered to the province the platform names {@code province}. */
    CheckoutRequest deliveredIn(String province) {
        var d = delivery;
        return new CheckoutRequest(lines, new Delivery(d.name(), d.phone(), province, d.commune(), d.street()));
    }

    public record Line(@NotNull UUID productId, @NotNull @Min(1) @Max(MAX_QUANTITY) Integer quantity) {}

    public record Delivery(
            @NotBlank @Size(max = 100) String name,
            @NotBlank
                    @Pattern(
                            regexp = "(\\+84|0)\\d{9,10}",
                            message = "must be a Vietnamese phone number such as 0912345678 or +84912345678")
                    String phone,
            @NotBlank @Size(max = 100) String province,
            @NotBlank @Size(max = 100) String commune,
            @NotBlank @Size(max = 300) String street) {}
}
