package vn.ocop.trace.batch;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import vn.ocop.web.Caller;

/** Uploading a batch's documents (its producer or the office) and reading them (anyone). */
@RestController
class BatchDocumentController {

    private final BatchDocuments documents;
    private final OwnedBatches batches;

    BatchDocumentController(BatchDocuments documents, OwnedBatches batches) {
        this.documents = documents;
        this.batches = batches;
    }

    @PostMapping(value = "/api/batches/{id}/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<BatchDocuments.DocumentView> add(
            @PathVariable UUID id,
            @RequestParam("file") MultipartFile file,
            @RequestParam(value = "kind", required = false) String kind,
            @RequestParam(value = "title", required = false) String title,
            Caller caller)
            throws IOException {
        var document = documents.add(id, kind, title, file.getBytes(), caller);
        return ResponseEntity.created(URI.create(document.url())).body(document);
    }

    @GetMapping("/api/batches/{id}/documents")
    List<BatchDocuments.DocumentView> list(@PathVariable UUID id) {
        return batches.ofKnownBatch(id, documents.list(id));
    }

    @GetMapping("/api/batches/{id}/documents/{document}")
    ResponseEntity<InputStreamResource> read(@PathVariable UUID id, @PathVariable UUID document) {
        // Passed on as it arrives from object storage, so that many downloads of a 10 MB document
        // at once hold a buffer each rather than the document.
        var content = documents.content(id, document);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(content.contentType()))
                .contentLength(content.sizeBytes())
                .header("Cache-Control", "public, max-age=3600")
                .header("X-Content-Type-Options", "nosniff")
                .body(new InputStreamResource(content.bytes()));
    }
}
