package vn.ocop.trace.batch;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.ocop.web.Caller;
import vn.ocop.web.ProblemException;

@RestController
@RequestMapping("/api/batches")
class BatchController {

    private final Batches batches;

    BatchController(Batches batches) {
        this.batches = batches;
    }

    @PostMapping
    ResponseEntity<BatchView> register(@Valid @RequestBody RegisterBatchRequest request, Caller caller) {
        var batch = batches.register(request, caller);
        return ResponseEntity.created(URI.create("/api/batches/" + batch.id())).body(batch);
    }

    /** A batch's origin is public: it is what a consumer's scan shows. */
    @GetMapping("/{id}")
    BatchView find(@PathVariable UUID id) {
        return batches.find(id).orElseThrow(() -> ProblemException.notFound("Batch " + id));
    }
}
