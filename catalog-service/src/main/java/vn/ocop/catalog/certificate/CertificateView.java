package vn.ocop.catalog.certificate;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A certificate as the API shows it. */
public record CertificateView(
        UUID id,
        UUID producerId,
        String decisionNumber,
        int stars,
        String issuingAuthority,
        LocalDate recognisedOn,
        LocalDate expiresOn,
        List<UUID> products) {}
