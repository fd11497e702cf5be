package vn.ocop.events.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import vn.ocop.events.Nullable;

/**
 * A product as the catalogue holds it after a change: every product event carries one, so that a
 * consumer can keep its copy from the newest event it has seen, whatever arrived before.
 *
 * @param group one of the six OCOP product groups: FOOD, BEVERAGES, HERBAL, TEXTILES,
 *     SOUVENIRS_DECORATION, RURAL_TOURISM
 * @param gtin the GTIN-14, or null when the producer has none yet
 * @param priceVnd the price in whole đồng
 * @param listed whether the product is for sale now
 * @param stars the stars of the certificate it is listed under; null when not listed
 * @param thumbnailKey the object key of the first photo's thumbnail, or null
 */
public record ProductSnapshot(
        UUID productId,
        UUID producerId,
        String producerName,
        String name,
        String description,
        String group,
        @Nullable String gtin,
        String unit,
        String netQuantity,
        long priceVnd,
        int stock,
        boolean listed,
        @Nullable Integer stars,
        @Nullable String certificateNumber,
        @Nullable LocalDate certificateExpiresOn,
        String province,
        String commune,
        @Nullable Double latitude,
        @Nullable Double longitude,
        @Nullable String thumbnailKey,
        @Nullable Instant listedAt) {}
