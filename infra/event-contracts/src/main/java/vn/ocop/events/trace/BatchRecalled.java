package vn.ocop.events.trace;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import vn.ocop.events.EventType;
import vn.ocop.events.Nullable;
import vn.ocop.events.PlatformEvent;
import vn.ocop.events.Topics;

/**
 * The producer or the office recalled a batch: every scan of its packages now warns, and
 * order-service marks {@code orderIds}, the orders its packages were shipped in, so that the office
 * can contact those shoppers. When a package of the batch is shipped after the recall, the event comes
 * again, at the same batch version and time, naming only that order.
 */
@EventType(name = "vn.ocop.trace.BatchRecalled", version = 1, topic = Topics.TRACE_BATCHES)
public record BatchRecalled(
        UUID eventId,
        Instant occurredAt,
        UUID batchId,
        long batchVersion,
        UUID productId,
        UUID producerId,
        @Nullable String gtin,
        String lot,
        String reason,
        List<UUID> orderIds)
        implements PlatformEvent {

    @Override
    public String aggregateId() {
        return batchId.toString();
    }

    @Override
    public long aggregateVersion() {
        return batchVersion;
    }
}
