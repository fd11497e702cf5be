package vn.ocop.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers a missing or bad token (401), a forbidden role (403) and a request the firewall refuses
 * (400) as RFC 9457 problems.
 */
class ProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    private final JsonMapper json;

    ProblemAuthenticationHandlers(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        var detail = failure instanceof OAuth2AuthenticationException oauth
                        && oauth.getError().getDescription() != null
                ? "The bearer token was refused: " + oauth.getError().getDescription()
                : "A valid bearer token is required.";
        write(response, request, HttpStatus.UNAUTHORIZED, "unauthenticated", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        write(response, request, HttpStatus.FORBIDDEN, "forbidden", "Your role may not do this.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        // The address is not echoed back: it is what was refused.
        write(
                response,
                null,
                HttpStatus.BAD_REQUEST,
                "rejected-request",
                "The request's address or headers hold characters that are not accepted"
                        + " (such as an encoded ';', '/', '%' or '.', or a control character).");
    }

    /** Writes a problem outside Spring MVC; {@code request}, if given, becomes its {@code instance}. */
    void write(HttpServletResponse response, HttpServletRequest request, HttpStatus status, String type, String detail)
            throws IOException {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", Problems.type(type).toString());
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        if (request != null) {
            body.put("instance", request.getRequestURI());
        }
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body);
    }
}
