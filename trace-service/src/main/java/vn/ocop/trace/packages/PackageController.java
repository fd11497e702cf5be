package vn.ocop.trace.packages;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.UUID;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.ocop.qr.QrCodes;
import vn.ocop.web.Caller;
import vn.ocop.web.ProblemException;

/** Issuing packages for a batch, following the job, and each package's QR code for printing. */
@RestController
class PackageController {

    private final Packages packages;

    PackageController(Packages packages) {
        this.packages = packages;
    }

    record PackageRequest(
            @NotNull @Min(1) @Max(value = Packages.MAX_PER_REQUEST, message = "must be at most 10000 per request")
                    Integer count) {}

    /** 202 with the job: packages are issued in the background; the job reports how many so far. */
    @PostMapping("/api/batches/{id}/packages")
    ResponseEntity<Packages.Job> request(
            @PathVariable UUID id, @Valid @RequestBody PackageRequest request, Caller caller) {
        var job = packages.request(id, request.count(), caller);
        return ResponseEntity.accepted()
                .location(URI.create("/api/package-jobs/" + job.id()))
                .body(job);
    }

    @GetMapping("/api/package-jobs/{id}")
    Packages.Job job(@PathVariable UUID id, Caller caller) {
        return packages.job(id, caller);
    }

    /** 202: a FAILED job carries on from where it stopped; 409 for a job that has not failed. */
    @PostMapping("/api/package-jobs/{id}/resume")
    ResponseEntity<Packages.Job> resume(@PathVariable UUID id, Caller caller) {
        return ResponseEntity.accepted().body(packages.resume(id, caller));
    }

    /** The job's printable A4 label sheet, once its packages are all issued. */
    @GetMapping(value = "/api/package-jobs/{id}/label-sheet.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<InputStreamResource> labelSheet(@PathVariable UUID id, Caller caller) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header("Content-Disposition", "attachment; filename=\"labels-" + id + ".pdf\"")
                .body(new InputStreamResource(packages.labelSheet(id, caller)));
    }

    @GetMapping("/api/batches/{id}/packages")
    Packages.Page list(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size,
            Caller caller) {
        return packages.list(id, caller, page, size);
    }

    @GetMapping(value = "/api/packages/{serial}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
    byte[] png(@PathVariable String serial, @RequestParam(defaultValue = "8") int scale, Caller caller) {
        if (scale < 1 || scale > 40) {
            throw ProblemException.invalid("scale", "must be 1 to 40 pixels per module");
        }
        return QrCodes.png(packages.uriOf(serial, caller), scale);
    }

    @GetMapping(value = "/api/packages/{serial}/qr.svg", produces = "image/svg+xml")
    String svg(@PathVariable String serial, Caller caller) {
        return QrCodes.svg(packages.uriOf(serial, caller));
    }
}
