package vn.ocop.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's own error report, as a problem instead of an HTML page. Tomcat answers some requests
 * before any servlet sees them: a path with a NUL or with percent-encoding that is not UTF-8 is
 * refused with 400 while it is being parsed. The report says what was wrong in general terms and
 * echoes nothing of the request.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        var code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        var status = HttpStatus.resolve(code);
        var body = new LinkedHashMap<String, Object>();
        body.put(
                "type",
                Problems.type(status == null ? "http-" + code : ProblemErrorController.type(status))
                        .toString());
        body.put("title", status == null ? "Error" : status.getReasonPhrase());
        body.put("status", code);
        body.put("detail", status == null ? "The request was not processed." : ProblemErrorController.detail(status));
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(body));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response cannot take a body; Tomcat has the status.
        }
    }
}
