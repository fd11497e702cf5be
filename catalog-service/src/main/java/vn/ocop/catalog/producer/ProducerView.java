package vn.ocop.catalog.producer;

import java.time.Instant;
import java.util.UUID;

/** A producer as the API shows it. */
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
        Instant registeredAt) {}
