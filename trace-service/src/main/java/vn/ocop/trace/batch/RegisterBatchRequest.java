package vn.ocop.trace.batch;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * What a producer records about a batch of one of its products.
 *
 * @param lot the GS1 lot: 1-20 characters of GS1 CSET 82 (letters without diacritics, digits and
 *     {@code !"%&'()*+,-./:;<=>?_}), no spaces; not "." or ".." alone, which a phone's browser would
 *     take out of the printed Digital Link as a dot segment
 */
public record RegisterBatchRequest(
        @NotNull UUID productId,
        @NotNull
                @Pattern(
                        regexp = Lot.SYNTAX,
                        message =
                                "must be 1-20 characters of GS1 CSET 82: letters without diacritics, digits and !\"%&'()*+,-./:;<=>?_, no spaces, and not '.' or '..' alone")
                String lot,
        @NotNull @Positive @Max(100_000_000) Long quantity,
        @NotBlank @Size(max = 40) String unit,
        @NotNull @Valid Origin origin,
        @NotNull LocalDate producedOn,
        @NotNull LocalDate expiresOn,
        @NotNull @Size(max = 50) List<@NotNull @Valid Input> inputs,
        @NotNull @Size(max = 20) List<@NotNull @Valid Certification> certifications) {

    public record Origin(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 100) String province,
            @NotBlank @Size(max = 100) String commune,
            @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @DecimalMin("-180") @DecimalMax("180") Double longitude,
            @Positive @DecimalMax("1000000") Double areaHectares) {}

    public record Input(@NotBlank @Size(max = 200) String name, @Size(max = 500) String note) {}

    public record Certification(
            @NotBlank @Pattern(regexp = "[A-Z_]{2,30}", message = "must be a scheme such as VIETGAP or ORGANIC")
                    String scheme,
            @NotBlank @Size(max = 100) String number) {}
}
