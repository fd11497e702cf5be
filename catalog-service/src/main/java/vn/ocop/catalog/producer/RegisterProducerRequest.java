package vn.ocop.catalog.producer;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What the provincial office records to register a producer.
 *
 * @param taxCode the Vietnamese tax code: 10 digits, or 10 digits, a dash and 3 for a branch; or, for a
 *     household business, its owner's 12-digit personal identification number, which serves as the tax
 *     code since July 2025
 * @param phone a Vietnamese phone number: 0 or +84 followed by 9 or 10 digits
 */
public record RegisterProducerRequest(
        @NotBlank @Size(max = 200) String name,
        @NotNull ProducerKind kind,
        @NotBlank @Pattern(regexp = TAX_CODE, message = TAX_CODE_RULE) String taxCode,
        @NotNull @Valid Address address,
        @NotBlank
                @Pattern(
                        regexp = "(\\+84|0)\\d{9,10}",
                        message = "must be a Vietnamese phone number such as 0912345678 or +84912345678")
                String phone) {

    static final String TAX_CODE = "\\d{10}(-\\d{3})?|\\d{12}";
    static final String TAX_CODE_RULE =
            "must be 10 digits, 10 digits, '-' and 3 digits, or a 12-digit personal identification number";

    /**
     * @param legacyDistrict the district a document from before the July 2025 reform names, as free text
     */
    public record Address(
            @NotBlank @Size(max = 100) String province,
            @NotBlank @Size(max = 100) String commune,
            @Size(max = 100) String legacyDistrict,
            @Size(max = 300) String street,
            @Valid Location location) {}

    /** WGS84 coordinates. */
    public record Location(
            @NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude) {}
}
