package vn.ocop.trace.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import vn.ocop.trace.TraceChanges;
import vn.ocop.trace.batch.OwnedBatches;
import vn.ocop.web.Caller;
import vn.ocop.web.ProblemException;
import vn.ocop.web.UniqueIndex;

/** A batch's trace events: append-only, a correction being a new event that names the one it corrects. */
@Service
public class TraceEvents {

    /** No trace event of an OCOP product is older; an earlier year is a typing error (or beyond what is stored). */
    static final int EARLIEST_YEAR = 1900;

    private static final TypeReference<List<RecordEventRequest.Attachment>> ATTACHMENTS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final OwnedBatches batches;
    private final Clock clock;
    private final TraceChanges changes;

    TraceEvents(JdbcClient jdbc, JsonMapper json, OwnedBatches batches, Clock clock, TraceChanges changes) {
        this.jdbc = jdbc;
        this.json = json;
        this.batches = batches;
        this.clock = clock;
        this.changes = changes;
    }

    public record EventView(
            UUID id,
            UUID batchId,
            String eventType,
            String bizStep,
            String disposition,
            OffsetDateTime eventTime,
            String readPoint,
            String bizLocation,
            String who,
            String notes,
            List<RecordEventRequest.Attachment> attachments,
            UUID corrects,
            Instant recordedAt) {}

    @Transactional
    public EventView record(UUID batchId, RecordEventRequest request, Caller caller) {
        var batch = batches.owned(batchId, caller);
        OffsetDateTime when;
        try {
            when = OffsetDateTime.parse(request.eventTime());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(
                    "eventTime", "must be a time with its zone offset, such as 2026-05-10T07:30:00+07:00");
        }
        if (when.toInstant().isAfter(clock.instant().plus(Duration.ofMinutes(5)))) {
            throw ProblemException.invalid("eventTime", "must not be in the future");
        }
        if (when.getYear() < EARLIEST_YEAR) {
            throw ProblemException.invalid("eventTime", "must not be before " + EARLIEST_YEAR);
        }
        // "Recalled" says the goods may not be sold for public safety. Only the recall itself makes it so:
        // it warns every scan of this batch and of batches made from it, and names the orders it reached.
        if ("recalled".equals(request.disposition()) && !batch.recalled()) {
            throw new ProblemException(
                    HttpStatus.CONFLICT,
                    "batch-not-recalled",
                    "Batch " + batchId + " is not recalled. A recall is recorded with POST /api/batches/"
                            + batchId + "/recall, which warns every scan of its packages and tells its buyers;"
                            + " events may then say recalled.",
                    "disposition");
        }
        if (request.corrects() != null
                && jdbc.sql("select count(*) from trace_event where id = ? and batch_id = ?")
                                .params(request.corrects(), batchId)
                                .query(Long.class)
                                .single()
                        == 0) {
            throw ProblemException.invalid("corrects", "must name an event of this batch");
        }
        // A correction replaces what it corrects: an event already corrected is corrected through its
        // correction, so that the trace shows one latest version. The unique index keeps that under races.
        if (request.corrects() != null
                && jdbc.sql("select count(*) from trace_event where corrects = ?")
                                .params(request.corrects())
                                .query(Long.class)
                                .single()
                        > 0) {
            throw corrected(request.corrects());
        }
        var id = UUID.randomUUID();
        var insert = jdbc.sql(
                        """
                        insert into trace_event (id, batch_id, event_type, biz_step, disposition, event_time, event_time_offset,
                                                 read_point, biz_location, who, notes, attachments, corrects, recorded_at, recorded_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
                        """)
                .params(
                        id,
                        batchId,
                        request.eventType() == null ? "ObjectEvent" : request.eventType(),
                        request.bizStep(),
                        request.disposition(),
                        Timestamp.from(when.toInstant()),
                        when.getOffset().getId().equals("Z")
                                ? "+00:00"
                                : when.getOffset().getId(),
                        request.readPoint(),
                        request.bizLocation(),
                        request.who() == null ? batch.producerName() : request.who(),
                        request.notes(),
                        json.writeValueAsString(request.attachments() == null ? List.of() : request.attachments()),
                        request.corrects(),
                        Timestamp.from(clock.instant()),
                        caller.subject());
        // Stored by another request between the check above and this insert.
        UniqueIndex.guarding("trace_event_one_correction", () -> corrected(request.corrects()), insert::update);
        changes.changed();
        return list(batchId).stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    private static ProblemException corrected(UUID event) {
        return ProblemException.conflict(
                "event-corrected", "Event " + event + " is corrected already; correct its latest correction instead.");
    }

    /** Every event of a batch as recorded, corrections included, in the order they happened. */
    public List<EventView> list(UUID batchId) {
        return jdbc.sql("select * from trace_event where batch_id = ? order by event_time, recorded_at")
                .param(batchId)
                .query((rs, row) -> new EventView(
                        rs.getObject("id", UUID.class),
                        batchId,
                        rs.getString("event_type"),
                        rs.getString("biz_step"),
                        rs.getString("disposition"),
                        rs.getTimestamp("event_time")
                                .toInstant()
                                .atOffset(java.time.ZoneOffset.of(rs.getString("event_time_offset"))),
                        rs.getString("read_point"),
                        rs.getString("biz_location"),
                        rs.getString("who"),
                        rs.getString("notes"),
                        json.readValue(rs.getString("attachments"), ATTACHMENTS),
                        rs.getObject("corrects", UUID.class),
                        rs.getTimestamp("recorded_at").toInstant()))
                .list();
    }
}
