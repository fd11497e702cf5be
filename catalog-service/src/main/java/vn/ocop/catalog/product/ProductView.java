package vn.ocop.catalog.product;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** The product page: the product with its producer and the certificate it is listed under. */
public record ProductView(
        UUID id,
        long version,
        String name,
        String description,
        OcopGroup group,
        String gtin,
        String unit,
        String netQuantity,
        long priceVnd,
        String priceText,
        int stock,
        boolean inStock,
        String status,
        String delistReason,
        Instant listedAt,
        Producer producer,
        Certificate certificate) {

    public record Producer(UUID id, String name, String kind, String province, String commune, String legacyDistrict) {}

    public record Certificate(String decisionNumber, int stars, String issuingAuthority, LocalDate expiresOn) {}
}
