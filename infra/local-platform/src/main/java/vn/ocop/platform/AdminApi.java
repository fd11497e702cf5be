package vn.ocop.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The services' JSON API as the office calls it, with the admin's token: how sample data is loaded. */
final class AdminApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String token;

    AdminApi(String token) {
        this.token = token;
    }

    /** Sends a request and reads its JSON answer, which must come with {@code expected}. */
    JsonNode send(String method, String url, Object body, int expected) throws Exception {
        var response = request(method, url, body);
        if (response.statusCode() != expected) {
            throw new IllegalStateException(
                    method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Sends a request (a JSON body, or none when {@code body} is null) and returns whatever comes back. */
    HttpResponse<String> request(String method, String url, Object body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
