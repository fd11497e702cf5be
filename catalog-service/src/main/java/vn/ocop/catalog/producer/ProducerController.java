package vn.ocop.catalog.producer;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.ocop.web.Caller;
import vn.ocop.web.ProblemException;
import vn.ocop.web.Role;

@RestController
@RequestMapping("/api/producers")
@Validated
class ProducerController {

    private final Producers producers;

    ProducerController(Producers producers) {
        this.producers = producers;
    }

    @PostMapping
    ResponseEntity<ProducerView> register(@Valid @RequestBody RegisterProducerRequest request, Caller caller) {
        var producer = producers.register(request, caller);
        return ResponseEntity.created(URI.create("/api/producers/" + producer.id()))
                .body(producer);
    }

    /** Any signed-in user may register a producer; the office verifies it before it can sell. */
    @PostMapping("/self-registrations")
    ResponseEntity<ProducerView> selfRegister(@Valid @RequestBody RegisterProducerRequest request) {
        var producer = producers.selfRegister(request);
        return ResponseEntity.created(URI.create("/api/producers/" + producer.id()))
                .body(producer);
    }

    @PostMapping("/{id}/verification")
    ProducerView verify(@PathVariable UUID id) {
        return producers.verify(new ProducerId(id));
    }

    /** The office rejects a self-registration it cannot verify; the registration gives up its tax code. */
    @PostMapping("/{id}/rejection")
    ProducerView reject(@PathVariable UUID id, @Valid @RequestBody Rejection rejection) {
        return producers.reject(new ProducerId(id), rejection.reason());
    }

    /** The office's reason for a rejection, which the registrant sees. */
    record Rejection(@NotBlank @Size(max = 500) String reason) {}

    @PostMapping("/{id}/suspension")
    ProducerView suspend(@PathVariable UUID id) {
        return producers.suspend(new ProducerId(id), true);
    }

    @DeleteMapping("/{id}/suspension")
    ProducerView liftSuspension(@PathVariable UUID id) {
        return producers.suspend(new ProducerId(id), false);
    }

    /** Anyone may see a producer in good standing; an unverified or suspended one only the office and itself. */
    @GetMapping("/{id}")
    ProducerView find(@PathVariable UUID id, Caller caller) {
        return producers
                .find(new ProducerId(id))
                .filter(p -> (p.verified() && !p.suspended()) || (caller != null && caller.mayActFor(id)))
                .orElseThrow(() -> ProblemException.notFound("Producer " + id));
    }

    @GetMapping
    List<ProducerView> list(
            @RequestParam(required = false)
                    @Pattern(regexp = RegisterProducerRequest.TAX_CODE, message = RegisterProducerRequest.TAX_CODE_RULE)
                    String taxCode,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size,
            Caller caller) {
        boolean office = caller != null && caller.is(Role.ADMIN);
        if (taxCode != null) {
            return producers.findByTaxCode(taxCode).stream()
                    .filter(p -> office || (p.verified() && !p.suspended()))
                    .toList();
        }
        return producers.list(page, size, !office);
    }
}
