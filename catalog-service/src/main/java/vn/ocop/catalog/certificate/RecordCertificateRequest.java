package vn.ocop.catalog.certificate;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * An OCOP certificate as the recognition decision states it.
 *
 * @param decisionNumber the decision's number, e.g. "1234/QĐ-UBND"
 * @param products the products it covers (of the same producer)
 */
public record RecordCertificateRequest(
        @NotNull UUID producerId,
        @NotBlank @Size(max = 60) @Pattern(regexp = "\\d+/[\\p{L}\\p{N}.\\-]+", message = "must look like 1234/QĐ-UBND")
                String decisionNumber,
        @NotNull @Min(1) @Max(5) Integer stars,
        @NotBlank @Size(max = 200) String issuingAuthority,
        @NotNull LocalDate recognisedOn,
        @NotNull LocalDate expiresOn,
        @NotNull @Size(min = 1, max = 100) List<@NotNull UUID> products) {}
