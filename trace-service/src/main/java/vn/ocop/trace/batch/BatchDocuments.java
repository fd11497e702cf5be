package vn.ocop.trace.batch;

import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import vn.ocop.storage.FileType;
import vn.ocop.storage.ObjectStore;
import vn.ocop.trace.TraceChanges;
import vn.ocop.trace.TraceProperties;
import vn.ocop.web.Caller;
import vn.ocop.web.PlainText;
import vn.ocop.web.ProblemException;

/**
 * A batch's documents: lab results, photos, certificates. PDF, JPEG, PNG or WebP judged by their
 * bytes, at most 10 MB; the server picks the key; public, since they are part of what a scan shows.
 */
@Service
public class BatchDocuments {

    static final long MAX_BYTES = 10L * 1024 * 1024;
    static final Set<String> KINDS = Set.of("LAB_RESULT", "PHOTO", "CERTIFICATE", "OTHER");

    private final JdbcClient jdbc;
    private final OwnedBatches batches;
    private final ObjectStore objects;
    private final TraceProperties properties;
    private final TraceChanges changes;
    private final Clock clock;

    BatchDocuments(
            JdbcClient jdbc,
            OwnedBatches batches,
            ObjectStore objects,
            TraceProperties properties,
            TraceChanges changes,
            Clock clock) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.objects = objects;
        this.properties = properties;
        this.changes = changes;
        this.clock = clock;
    }

    public record DocumentView(
            UUID id, String kind, String title, String contentType, long sizeBytes, String url, Instant uploadedAt) {}

    /** A document's bytes as they come from object storage, for the caller to pass on and close. */
    public record Content(String contentType, String title, long sizeBytes, InputStream bytes) {}

    public DocumentView add(UUID batchId, String kind, String title, byte[] bytes, Caller caller) {
        batches.owned(batchId, caller);
        if (kind == null || !KINDS.contains(kind)) {
            throw ProblemException.invalid("kind", "must be one of " + KINDS);
        }
        if (title == null || title.isBlank() || title.length() > 200) {
            throw ProblemException.invalid("title", "must be 1 to 200 characters");
        }
        // A form field, which the JSON bodies' text rule does not read: applied here, as it would be there.
        var fault = PlainText.fault(title);
        if (fault != null) {
            throw ProblemException.invalid("title", fault);
        }
        title = PlainText.normalize(title.strip());
        if (bytes.length == 0) {
            throw ProblemException.invalid("file", "is empty");
        }
        if (bytes.length > MAX_BYTES) {
            throw new ProblemException(
                    HttpStatus.CONTENT_TOO_LARGE, "document-too-large", "Documents may be at most 10 MB.", "file");
        }
        var type = FileType.sniff(bytes)
                .orElseThrow(() -> new ProblemException(
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "unsupported-document-type",
                        "Documents must be PDF, JPEG, PNG or WebP; this file is none of them, whatever its name says.",
                        "file"));
        var id = UUID.randomUUID();
        var key = "batches/" + batchId + "/documents/" + id + "." + type.extension();
        objects.put(properties.documentBucket(), key, bytes, type.contentType());
        try {
            jdbc.sql(
                            """
                            insert into batch_document (id, batch_id, kind, title, content_type, size_bytes, object_key,
                                                        uploaded_at, uploaded_by)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """)
                    .params(
                            id,
                            batchId,
                            kind,
                            title,
                            type.contentType(),
                            (long) bytes.length,
                            key,
                            Timestamp.from(clock.instant()),
                            caller.subject())
                    .update();
        } catch (RuntimeException e) {
            remove(key); // nothing half-written: no object without its record
            throw e;
        }
        changes.changed();
        return list(batchId).stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }

    public List<DocumentView> list(UUID batchId) {
        return jdbc.sql(
                        "select id, kind, title, content_type, size_bytes, uploaded_at from batch_document where batch_id = ? order by uploaded_at, id")
                .param(batchId)
                .query((rs, row) -> new DocumentView(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getLong(5),
                        "/api/batches/" + batchId + "/documents/" + rs.getObject(1, UUID.class),
                        rs.getTimestamp(6).toInstant()))
                .list();
    }

    public Content content(UUID batchId, UUID documentId) {
        record Stored(String contentType, String title, long sizeBytes, String key) {}
        var document = jdbc.sql(
                        "select content_type, title, size_bytes, object_key from batch_document where id = ? and batch_id = ?")
                .params(documentId, batchId)
                .query((rs, row) -> new Stored(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
                .optional()
                .orElseThrow(() -> ProblemException.notFound("Document " + documentId));
        return new Content(
                document.contentType(),
                document.title(),
                document.sizeBytes(),
                objects.open(properties.documentBucket(), document.key()));
    }

    private void remove(String key) {
        try {
            objects.remove(properties.documentBucket(), key);
        } catch (vn.ocop.storage.ObjectStoreException e) {
            // an orphaned object costs storage only; the record was never written
        }
    }
}
