package vn.ocop.catalog.producer;

import java.util.UUID;

/** In-process notice, inside the suspending transaction, that a producer may sell nothing now. */
public record ProducerSuspended(UUID producerId) {}
