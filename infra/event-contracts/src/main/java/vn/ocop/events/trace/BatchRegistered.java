package vn.ocop.events.trace;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import vn.ocop.events.EventType;
import vn.ocop.events.Nullable;
import vn.ocop.events.PlatformEvent;
import vn.ocop.events.Topics;

/**
 * A producer registered a batch of one of its listed products, with where and how it was made: the
 * batch-origin fact that traceability starts from.
 *
 * @param lot the GS1 lot (AI 10): 1-20 characters of GS1 CSET 82
 * @param gtin the product's GTIN-14, or null while the product has none
 */
@EventType(name = "vn.ocop.trace.BatchRegistered", version = 1, topic = Topics.TRACE_BATCHES)
public record BatchRegistered(
        UUID eventId,
        Instant occurredAt,
        UUID batchId,
        long batchVersion,
        UUID productId,
        UUID producerId,
        @Nullable String gtin,
        String lot,
        long quantity,
        String unit,
        Origin origin,
        LocalDate producedOn,
        LocalDate expiresOn,
        List<Input> inputs,
        List<Certification> certifications)
        implements PlatformEvent {

    /** Where the batch was grown or made. */
    public record Origin(
            String name,
            String province,
            String commune,
            @Nullable Double latitude,
            @Nullable Double longitude,
            @Nullable Double areaHectares) {}

    /** An ingredient or input (seed, feed, fertiliser) and what is known of it. */
    public record Input(String name, @Nullable String note) {}

    /** A certification the batch holds, e.g. VIETGAP with its certificate number. */
    public record Certification(String scheme, String number) {}

    @Override
    public String aggregateId() {
        return batchId.toString();
    }

    @Override
    public long aggregateVersion() {
        return batchVersion;
    }
}
