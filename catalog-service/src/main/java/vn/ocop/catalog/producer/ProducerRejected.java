package vn.ocop.catalog.producer;

import java.util.UUID;

/** In-process notice, inside the rejecting transaction, that the office rejected a registration. */
public record ProducerRejected(UUID producerId) {}
