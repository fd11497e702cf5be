package vn.ocop.trace.resolver;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import vn.ocop.trace.TraceProperties;
import vn.ocop.web.ProblemException;

/**
 * The public GS1 Digital Link resolver, at the root path so that the URI printed in a QR code works
 * as it is: a phone's browser gets the page, an application the record as JSON or the RFC 9264
 * linkset, and {@code linkType=gs1:pip} redirects to the shop's product page. Invalid syntax is a
 * 400 problem; anything not registered is one and the same 404, which tells nothing about which
 * lots or serials exist.
 */
@RestController
@CrossOrigin(
        origins = "*",
        exposedHeaders = {"Link", "Location"},
        methods = {RequestMethod.GET, RequestMethod.HEAD, RequestMethod.OPTIONS})
class ResolverController {

    static final MediaType LINKSET = MediaType.parseMediaType("application/linkset+json");

    private static final String GS1 = Scans.GS1;
    private static final String ALLOWED = "GET, HEAD, OPTIONS";

    /** The link types this resolver answers; any other is 404. */
    private static final Set<String> LINK_TYPES = Set.of(
            "linkset",
            "all",
            "gs1:pip",
            GS1 + "pip",
            "gs1:traceability",
            GS1 + "traceability",
            "gs1:defaultLink",
            GS1 + "defaultLink");

    private final Resolutions resolutions;
    private final TraceProperties properties;

    ResolverController(Resolutions resolutions, TraceProperties properties) {
        this.resolutions = resolutions;
        this.properties = properties;
    }

    @RequestMapping(
            value = {"/01/**"},
            method = {RequestMethod.GET, RequestMethod.HEAD})
    ResponseEntity<?> resolve(HttpServletRequest request) {
        var path = request.getRequestURI();
        DigitalLink link;
        try {
            link = DigitalLink.parse(path, request.getQueryString());
        } catch (DigitalLink.Invalid invalid) {
            throw new ProblemException(
                    HttpStatus.BAD_REQUEST, "invalid-digital-link", invalid.getMessage(), invalid.field());
        }
        // HEAD is no scan; a request the fast path failed to answer may have been counted there; nor is a
        // request for a link this resolver does not have, which is answered 404.
        var linkType = link.linkType().orElse(null);
        boolean uncounted = request.getMethod().equals("HEAD")
                || request.getAttribute(ResolverFastPath.FAILED) != null
                || (linkType != null && !LINK_TYPES.contains(linkType));
        var scan = uncounted ? Optional.<Resolutions.Scan>empty() : Optional.of(Scans.of(request));
        var record = resolutions
                .resolve(link, scan)
                .orElseThrow(() -> new ProblemException(
                        HttpStatus.NOT_FOUND, "not-found", "Nothing is registered under this code.", null));
        var accept = Optional.ofNullable(request.getHeader(HttpHeaders.ACCEPT)).orElse("*/*");
        var headers = new HttpHeaders();
        Scans.commonHeaders(record, headers::add);

        if (linkType != null && !linkType.equals("linkset") && !linkType.equals("all")) {
            return switch (linkType) {
                case "gs1:pip", GS1 + "pip" ->
                    ResponseEntity.status(HttpStatus.TEMPORARY_REDIRECT)
                            .headers(headers)
                            .location(java.net.URI.create(record.product().storefrontUrl()))
                            .build();
                case "gs1:traceability", GS1 + "traceability", "gs1:defaultLink", GS1 + "defaultLink" ->
                    representation(record, accept, request, headers);
                default -> throw ProblemException.notFound("No " + linkType + " link for this code");
            };
        }
        if (linkType != null || accept.contains("application/linkset+json")) {
            return ResponseEntity.ok().headers(headers).contentType(LINKSET).body(linkset(record));
        }
        return representation(record, accept, request, headers);
    }

    @RequestMapping(value = "/01/**", method = RequestMethod.OPTIONS)
    ResponseEntity<Void> options() {
        return ResponseEntity.noContent()
                .header(HttpHeaders.ALLOW, ALLOWED)
                .header(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED)
                .header(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "Accept, Accept-Language")
                .header(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "86400")
                .build();
    }

    /** Describes this resolver, as GS1's resolver standard asks. */
    @GetMapping(value = "/.well-known/gs1resolver", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> description() {
        var description = new LinkedHashMap<String, Object>();
        description.put("name", "OCOP platform traceability resolver");
        description.put("resolverRoot", properties.resolverBase());
        description.put("supportedPrimaryKeys", List.of("01"));
        description.put("supportedQualifiers", List.of("10", "21"));
        description.put("linkTypes", List.of("gs1:pip", "gs1:traceability", "gs1:defaultLink"));
        description.put("supportedLinkTypesForLinkset", List.of("linkset", "all"));
        description.put("defaultLinkMulti", "gs1:traceability");
        return description;
    }

    private ResponseEntity<?> representation(
            TraceRecord record, String accept, HttpServletRequest request, HttpHeaders headers) {
        if (accept.contains("text/html")) {
            // Vietnamese first, whatever the phone's language; the page links to its English version.
            var english = Scans.english(request.getQueryString());
            var html = TracePage.render(record, english, request.getRequestURI());
            return ResponseEntity.ok()
                    .headers(headers)
                    .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                    .body(html);
        }
        return ResponseEntity.ok()
                .headers(headers)
                .contentType(MediaType.APPLICATION_JSON)
                .body(record);
    }

    private Map<String, Object> linkset(TraceRecord record) {
        var links = new LinkedHashMap<String, Object>();
        links.put("anchor", record.uri());
        links.put(
                GS1 + "pip",
                List.of(Map.of(
                        "href",
                        record.product().storefrontUrl(),
                        "title",
                        record.product().name(),
                        "type",
                        "application/json")));
        var page = Map.of(
                "href",
                record.uri(),
                "title",
                "Truy xuất nguồn gốc / Traceability",
                "type",
                "text/html",
                "hreflang",
                List.of("vi", "en"));
        links.put(GS1 + "traceability", List.of(page));
        links.put(GS1 + "defaultLink", List.of(page));
        return Map.of("linkset", List.of(links));
    }
}
