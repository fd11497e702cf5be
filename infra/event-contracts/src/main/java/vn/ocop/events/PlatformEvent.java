package vn.ocop.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A fact one service publishes for the others: every event record of the platform implements it.
 *
 * <p>The aggregate id is the Kafka record key, so that all events of one aggregate stay in order on
 * one partition; the aggregate version lets a consumer ignore an event older than what it already
 * holds.
 */
public interface PlatformEvent {

    UUID eventId();

    Instant occurredAt();

    /** The id of the aggregate the fact is about; also the Kafka record key. */
    String aggregateId();

    /** The aggregate's version after the change this event records; grows by one per change. */
    long aggregateVersion();
}
