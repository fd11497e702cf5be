package vn.ocop.catalog.producer;

import java.util.UUID;

/** Identifies a producer across the platform. */
public record ProducerId(UUID value) {

    public static ProducerId random() {
        return new ProducerId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
