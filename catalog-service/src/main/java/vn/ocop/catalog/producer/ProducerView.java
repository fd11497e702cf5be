package vn.ocop.catalog.producer;

import java.time.Instant;
import java.util.UUID;

/**
 * A producer as the API shows it. {@code rejection} is null unless the office rejected the
 * registration.
 */
public record ProducerView(
        UUID id,
        long version,
        String name,
        ProducerKind kind,
        String taxCode,
        RegisterProducerRequest.Address address,
        String phone,
        boolean verified,
        boolean suspended,
        Instant registeredAt,
        Rejection rejection) {

    /** Why and when the office rejected a registration it could not verify. */
    public record Rejection(String reason, Instant at) {}
}
