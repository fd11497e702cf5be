package vn.ocop.trace.resolver;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * What a scan of a code shows: the product and its producer; for a lot, the batch's origin, its
 * trace events and any recall; for a package, how often and since when it has been scanned.
 */
public record TraceRecord(String uri, Product product, Producer producer, Batch batch, PackageFacts packageFacts) {

    public record Product(UUID id, String name, String gtin, Integer stars, String photoUrl, String storefrontUrl) {}

    public record Producer(String name, String kind, String province, String commune, String legacyDistrict) {}

    public record Batch(
            UUID id,
            String lot,
            LocalDate producedOn,
            LocalDate expiresOn,
            boolean expired,
            Origin origin,
            List<Certification> certifications,
            List<Input> inputs,
            List<InputBatch> inputBatches,
            List<Event> events,
            List<Document> documents,
            Recall recall) {}

    /** A document of the batch (lab result, photo, certificate) and where to read it. */
    public record Document(String kind, String title, String contentType, String url) {}

    public record Origin(
            String name, String province, String commune, Double latitude, Double longitude, Double areaHectares) {}

    public record Certification(String scheme, String number) {}

    public record Input(String name, String note) {}

    public record InputBatch(String productName, String lot, String province, String commune) {}

    /** A trace event as the timeline shows it: its correction, if any, already applied. */
    public record Event(
            UUID id,
            String eventType,
            String bizStep,
            String disposition,
            Instant eventTime,
            String eventTimeOffset,
            String readPoint,
            String bizLocation,
            String who,
            String notes,
            boolean corrected) {}

    /**
     * @param madeFrom for a batch recalled because it was made, directly or not, from a recalled batch:
     *     that batch; null for a batch recalled itself
     */
    public record Recall(Instant at, String reason, InputBatch madeFrom) {}

    /**
     * @param cloneWarning scanned more often than a single genuine package plausibly is
     */
    public record PackageFacts(String serial, long scanCount, Instant firstScanAt, boolean cloneWarning) {}
}
