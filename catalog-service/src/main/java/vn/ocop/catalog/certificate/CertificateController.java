package vn.ocop.catalog.certificate;

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
import vn.ocop.web.ProblemException;

/** The provincial office records OCOP certificates (ADMIN only, see CatalogAccessRules). */
@RestController
@RequestMapping("/api/certificates")
class CertificateController {

    private final Certificates certificates;

    CertificateController(Certificates certificates) {
        this.certificates = certificates;
    }

    @PostMapping
    ResponseEntity<CertificateView> record(@Valid @RequestBody RecordCertificateRequest request) {
        var certificate = certificates.record(request);
        return ResponseEntity.created(URI.create("/api/certificates/" + certificate.id()))
                .body(certificate);
    }

    @GetMapping("/{id}")
    CertificateView find(@PathVariable UUID id) {
        return certificates.find(id).orElseThrow(() -> ProblemException.notFound("Certificate " + id));
    }
}
