package vn.ocop.catalog.product;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** What producers send to manage their products. Prices are whole đồng: VND has no minor unit. */
final class ProductRequests {

    private ProductRequests() {}

    static final long MAX_PRICE_VND = 1_000_000_000L;
    static final int MAX_STOCK = 10_000_000;

    /**
     * @param producerId only for the provincial office acting for a producer; a producer's own token says who it is
     * @param gtin the GTIN-14 with a valid check digit, when the producer has one (QR codes need it later)
     */
    record CreateProduct(
            UUID producerId,
            @NotBlank @Size(max = 200) String name,
            @NotNull @Size(max = 5000) String description,
            @NotNull OcopGroup group,
            @Pattern(regexp = "\\d{14}", message = "must be 14 digits") String gtin,
            @NotBlank @Size(max = 40) String unit,
            @NotBlank @Size(max = 40) String netQuantity,
            @NotNull @Positive @Max(MAX_PRICE_VND) Long priceVnd,
            @NotNull @Min(0) @Max(MAX_STOCK) Integer stock) {}

    /**
     * A change of text or price, or the GTIN of a product that has none yet; fields left out stay as
     * they are.
     *
     * @param gtin the GTIN-14 the producer got since the product was created; a GTIN once given is the
     *     product's for good (labels carry it), so another one is refused
     */
    record UpdateProduct(
            @Size(max = 200) @Pattern(regexp = "(?s).*[^\\p{javaWhitespace}].*", message = "must not be blank")
                    String name,
            @Size(max = 5000) String description,
            @Positive @Max(MAX_PRICE_VND) Long priceVnd,
            @Pattern(regexp = "\\d{14}", message = "must be 14 digits") String gtin) {}

    /**
     * @param stock the stock counted, which replaces whatever it is now
     * @param expectedStock the stock the producer last read, when given: the count is applied only if the stock
     *     is still that, since orders take units and give them back meanwhile (409 with the stock now otherwise)
     */
    record SetStock(@NotNull @Min(0) @Max(MAX_STOCK) Integer stock, @Min(0) @Max(MAX_STOCK) Integer expectedStock) {}

    /**
     * @param change units received (positive) or written off (negative), added to the stock as it is at that
     *     moment, so that orders taking units meanwhile are never undone
     */
    record AdjustStock(@NotNull @Min(-MAX_STOCK) @Max(MAX_STOCK) Integer change) {}

    record Delist(@Size(max = 300) String reason) {}
}
