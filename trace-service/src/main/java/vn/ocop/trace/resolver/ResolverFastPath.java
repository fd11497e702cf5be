package vn.ocop.trace.resolver;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * A scan that resolves, answered before the request reaches Spring MVC: a consumer's phone or an
 * application asking a registered code for its page or its record. Scans are the platform's busiest
 * request and each one is small, so the web framework's dispatch, content negotiation, per-request
 * observation and tracing would cost more than the answer. Everything else (invalid syntax, unknown
 * codes, linksets, redirects, HEAD, OPTIONS and cross-origin requests) goes on to
 * {@link ResolverController}, which answers it the same way it always has.
 *
 * <p>Each answer is timed on the meter {@code ocop.resolver.scans}, tagged by representation, in
 * place of the per-request HTTP observation.
 */
final class ResolverFastPath extends HttpFilter {

    /**
     * Set on a request whose resolution failed here (to the failure): the scan may have been counted
     * already, so the controller resolves it without counting.
     */
    static final String FAILED = ResolverFastPath.class.getName() + ".failed";

    private final Resolutions resolutions;
    private final RenderedRecords rendered;
    private final Timer pages;
    private final Timer records;

    ResolverFastPath(Resolutions resolutions, JsonMapper json, MeterRegistry meters) {
        this.resolutions = resolutions;
        this.rendered = new RenderedRecords(json);
        this.pages = timer(meters, "html");
        this.records = timer(meters, "json");
    }

    private static Timer timer(MeterRegistry meters, String representation) {
        return Timer.builder("ocop.resolver.scans")
                .description("Resolutions answered on the resolver's fast path")
                .tag("representation", representation)
                .register(meters);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        if (!request.getMethod().equals("GET") || request.getHeader("Origin") != null) {
            chain.doFilter(request, response);
            return;
        }
        var accept = Optional.ofNullable(request.getHeader("Accept")).orElse("*/*");
        if (accept.contains("application/linkset+json")) {
            chain.doFilter(request, response);
            return;
        }
        DigitalLink link;
        try {
            link = DigitalLink.parse(request.getRequestURI(), request.getQueryString());
        } catch (DigitalLink.Invalid invalid) {
            chain.doFilter(request, response); // the controller names the fault
            return;
        }
        if (link.linkType().isPresent()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<TraceRecord> record;
        try {
            record = resolutions.resolve(link, Optional.of(Scans.of(request)));
        } catch (RuntimeException failure) {
            // The controller answers the failure as the service's other endpoints do (503 with
            // Retry-After while the database is away) and does not count this scan a second time.
            request.setAttribute(FAILED, failure);
            chain.doFilter(request, response);
            return;
        }
        if (record.isEmpty()) {
            chain.doFilter(request, response); // unknown: nothing was counted, the controller says 404
            return;
        }
        RenderedRecords.Answer answer;
        Timer timer;
        if (accept.contains("text/html")) {
            answer = rendered.html(record.get(), Scans.english(request.getQueryString()), request.getRequestURI());
            response.setContentType("text/html;charset=UTF-8");
            timer = pages;
        } else {
            answer = rendered.json(record.get());
            response.setContentType("application/json");
            timer = records;
        }
        Scans.commonHeaders(record.get(), answer.linksetLink(), answer.pipLink(), response::addHeader);
        response.setContentLength(answer.length());
        var out = response.getOutputStream();
        for (var part : answer.body()) {
            out.write(part);
        }
        timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
}
