package vn.ocop.trace.batch;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import vn.ocop.trace.events.RecordEventRequest;
import vn.ocop.trace.events.TraceEvents;
import vn.ocop.web.Caller;

/** A batch's trace events, its inputs, the orders it reached, and its recall. */
@RestController
class BatchLinksController {

    private final TraceEvents events;
    private final Recalls recalls;
    private final OwnedBatches batches;

    BatchLinksController(TraceEvents events, Recalls recalls, OwnedBatches batches) {
        this.events = events;
        this.recalls = recalls;
        this.batches = batches;
    }

    record Inputs(@NotNull @Size(max = 50) List<@NotNull UUID> batchIds) {}

    record Recall(@NotBlank @Size(max = 500) String reason) {}

    @PostMapping("/api/batches/{id}/events")
    ResponseEntity<TraceEvents.EventView> record(
            @PathVariable UUID id, @Valid @RequestBody RecordEventRequest request, Caller caller) {
        var event = events.record(id, request, caller);
        return ResponseEntity.created(URI.create("/api/batches/" + id + "/events/" + event.id()))
                .body(event);
    }

    /** The trace events are public: they are what a scan shows. */
    @GetMapping("/api/batches/{id}/events")
    List<TraceEvents.EventView> events(@PathVariable UUID id) {
        return batches.ofKnownBatch(id, events.list(id));
    }

    @PutMapping("/api/batches/{id}/inputs")
    ResponseEntity<Void> inputs(@PathVariable UUID id, @Valid @RequestBody Inputs inputs, Caller caller) {
        recalls.setInputs(id, inputs.batchIds(), caller);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/batches/{id}/orders")
    Map<String, List<UUID>> orders(@PathVariable UUID id, Caller caller) {
        return Map.of("orderIds", recalls.ordersOf(id, caller));
    }

    @PostMapping("/api/batches/{id}/recall")
    Recalls.Reach recall(@PathVariable UUID id, @Valid @RequestBody Recall recall, Caller caller) {
        return recalls.recall(id, recall.reason(), caller);
    }
}
