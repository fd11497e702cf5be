package vn.ocop.trace.batch;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A batch with its origin, and its recall if it has one, as the API shows it. */
public record BatchView(
        UUID id,
        UUID productId,
        String productName,
        UUID producerId,
        String gtin,
        String lot,
        long quantity,
        String unit,
        RegisterBatchRequest.Origin origin,
        LocalDate producedOn,
        LocalDate expiresOn,
        List<RegisterBatchRequest.Input> inputs,
        List<RegisterBatchRequest.Certification> certifications,
        Instant registeredAt,
        Recall recall) {

    /**
     * @param via the batch whose recall reached this one, when it was made from it (directly or through
     *     others); none when this batch was recalled itself
     */
    public record Recall(Instant at, String reason, UUID via) {}
}
