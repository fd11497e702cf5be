package vn.ocop.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the errors that reach no controller as problems: those the servlet container or a filter
 * sends with {@code sendError} (a request Spring Security's firewall or Tomcat turned away after
 * routing it, an upload over the size limit). Without it they would be Spring Boot's own JSON error
 * shape, which is no RFC 9457 problem.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        // Called directly rather than as an error dispatch: there is nothing here to see.
        var status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
                ? HttpStatus.resolve(code)
                : HttpStatus.NOT_FOUND;
        if (status == null || status.value() < 400) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        var body = ProblemDetail.forStatusAndDetail(status, detail(status));
        body.setType(Problems.type(type(status)));
        return ResponseEntity.status(status).body(body);
    }

    static String detail(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST ->
                "The request is malformed (its address, parameters or headers could not be read)"
                        + " and was not processed.";
            case NOT_FOUND -> "There is nothing at this address.";
            case METHOD_NOT_ALLOWED -> "This address does not accept that method.";
            case CONTENT_TOO_LARGE -> "The request is larger than this service accepts.";
            default ->
                status.is5xxServerError()
                        ? "The request failed unexpectedly; please try again."
                        : status.getReasonPhrase() + ".";
        };
    }

    static String type(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "malformed-request";
            case NOT_FOUND -> "not-found";
            default -> status.is5xxServerError() ? "internal-error" : "http-" + status.value();
        };
    }
}
