package co.elastic.clients.transport.rest5_client.low_level;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.apache.hc.core5.http.message.RequestLine;

/**
 * The REST client's report of an error status, as it throws it for a status of 500 or more: built here,
 * in the client's package, because its response has no public constructor. For unit tests only.
 */
public final class ResponseSamples {

    private ResponseSamples() {}

    public static ResponseException error(int status) {
        var response = new Response(
                new RequestLine("POST", "/products/_search", HttpVersion.HTTP_1_1),
                new HttpHost("127.0.0.1", 9200),
                new BasicClassicHttpResponse(status, "sample status " + status));
        try {
            return new ResponseException(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
