package vn.ocop.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import vn.ocop.testing.HostileRequests;
import vn.ocop.testing.Http;
import vn.ocop.testing.ServiceIntegrationTest;
import vn.ocop.testing.TestTokens;

/**
 * Every endpoint of the catalogue, sent malformed and hostile input by each kind of caller, on the real
 * servers: each answer is a problem, never a 500, and nothing stored changes. The shared web layer's
 * answers are checked in detail here, once for all services.
 */
@ServiceIntegrationTest
class HostileRequestsIntegrationTests {

    private static final String[] TABLES = {"producer", "certificate", "product", "product_photo", "stock_reservation"};

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    DataSource database;

    @Test
    void everyEndpointRefusesWhatItCannotReadWithAProblemAndStoresNothing() {
        var sweep = HostileRequests.of(context, port);
        assertThat(sweep.endpoints())
                .extracting(HostileRequests.Endpoint::pattern)
                .contains(
                        "/api/producers",
                        "/api/certificates",
                        "/api/products",
                        "/api/products/{id}",
                        "/api/products/{product}/photos");
        var stored = HostileRequests.rows(database, TABLES);

        var faults = sweep.faults();

        assertThat(sweep.sent()).isGreaterThan(2_000);
        assertThat(faults).isEmpty();
        assertThat(HostileRequests.rows(database, TABLES)).isEqualTo(stored);
    }

    @Test
    void aBodyFieldOfTheWrongTypeIsNamedWithWhatItMustBe() {
        var http = new Http(port);
        var producer = TestTokens.producer(java.util.UUID.randomUUID());

        var wrongType = http.post("/api/products", producer, Map.of("name", "Mật ong (sample data)", "priceVnd", "rẻ"));
        var tooLarge = http.post("/api/products", producer, "{\"stock\": 99999999999999999999}");
        var broken = http.post("/api/products", producer, "{\"name\": \"Mật ong\",");
        var notJson = http.post("/api/products", producer, "{\"name\" \"Mật ong\"}");
        var fraction = http.post("/api/products", producer, "{\"priceVnd\": 150000.5}");
        var enumValue = http.post("/api/producers", TestTokens.admin(), Map.of("kind", "FARM"));

        assertThat(problem(wrongType))
                .containsEntry("field", "priceVnd")
                .containsEntry("reason", "must be a whole number");
        assertThat(problem(tooLarge))
                .containsEntry("field", "stock")
                .containsEntry("reason", "is a number out of range");
        assertThat(problem(broken))
                .containsEntry("field", "body")
                .containsEntry("reason", "is not valid JSON: it ends too soon");
        assertThat(problem(notJson))
                .containsEntry("field", "body")
                .containsEntry("reason", "is not valid JSON (line 1, column 9)");
        // Refused, not cut down to 150000: a fraction of a đồng is no price.
        assertThat(problem(fraction))
                .containsEntry("field", "priceVnd")
                .containsEntry("reason", "must be a whole number");
        assertThat(problem(enumValue))
                .containsEntry("field", "kind")
                .containsEntry(
                        "reason", "must be one of COOPERATIVE, ENTERPRISE, HOUSEHOLD_BUSINESS, COOPERATIVE_GROUP");
    }

    @Test
    void addressesRefusedBeforeAnyControllerAreProblemsToo() {
        var http = new Http(port);

        // Tomcat refuses a NUL in the path while parsing it.
        var nul = http.get("/api/products/%00", null);
        // Spring Security's firewall refuses an encoded ';'.
        var semicolon = http.get("/api/products/a%3Bb", null);
        // Tomcat cannot decode the parameter; the service names it.
        var undecodable = http.get("/api/products?q=%C3%28", null);
        var blank = http.get("/api/products/%20", null);

        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.contentType()).startsWith("application/problem+json");
        assertThat(nul.json().path("type").asString()).isEqualTo("urn:ocop:problem:malformed-request");
        assertThat(semicolon.status()).isEqualTo(400);
        assertThat(semicolon.json().path("type").asString()).isEqualTo("urn:ocop:problem:rejected-request");
        assertThat(semicolon.body()).doesNotContain("a%3Bb");
        assertThat(problem(undecodable))
                .containsEntry("field", "q")
                .containsEntry("reason", "is not valid percent-encoded UTF-8");
        assertThat(problem(blank)).containsEntry("field", "id").containsEntry("reason", "must not be blank");
    }

    @Test
    void aJsonBodyOverTheLimitIs413WhetherItsLengthIsSaidOrNot() throws Exception {
        var stored = HostileRequests.rows(database, TABLES);
        // Valid JSON of 1.5 MB: a description far over its 5,000 characters, in a body over the 1 MB limit.
        var body = ("{\"name\": \"Mật ong (sample data)\", \"description\": \"" + "a".repeat(1536 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        var client = HttpClient.newHttpClient();
        var token = TestTokens.producer(java.util.UUID.randomUUID());
        var withLength = HttpRequest.BodyPublishers.ofByteArray(body);
        // A body of unknown length goes chunked, and is read until the limit is passed.
        var chunked = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));

        for (var publisher : List.of(withLength, chunked)) {
            var response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/products"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(publisher)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body())
                    .contains("urn:ocop:problem:body-too-large")
                    .contains("at most 1048576 bytes");
        }
        assertThat(HostileRequests.rows(database, TABLES)).isEqualTo(stored);
        // Just under the limit the body is read, and its description refused as too long, naming it.
        var under = new Http(port)
                .post(
                        "/api/products",
                        token,
                        "{\"name\": \"Mật ong (sample data)\", \"description\": \"" + "a".repeat(1_000_000) + "\"}");
        assertThat(under.status()).isEqualTo(400);
        assertThat(under.body()).contains("description");
    }

    @Test
    void aBodyOfATypeTheEndpointDoesNotReadIsToldWhichToSend() throws Exception {
        var noContentType = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/producers"))
                                .header("Authorization", "Bearer " + TestTokens.admin())
                                .POST(HttpRequest.BodyPublishers.ofString("name=HTX"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(noContentType.statusCode()).isEqualTo(415);
        assertThat(noContentType.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(noContentType.body())
                .contains("does not say its body's type")
                .contains("Send application/json.");
    }

    @Test
    void aYamlOrXmlBodyIsRefusedNotReadByAnotherMapper() throws Exception {
        // A YAML reader is on the class path (the API documentation brings one), an XML one in the
        // tests; neither may read bodies past the JSON rules, which refuse a fraction of a đồng.
        var stored = HostileRequests.rows(database, TABLES);
        var token = TestTokens.producer(java.util.UUID.randomUUID());

        for (var body : Map.of(
                        "application/yaml",
                        "name: Mật ong (sample data)\npriceVnd: 150000.5\n",
                        "application/xml",
                        "<product><name>Mật ong (sample data)</name><priceVnd>150000.5</priceVnd></product>")
                .entrySet()) {
            var response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/products"))
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", body.getKey())
                                    .POST(HttpRequest.BodyPublishers.ofString(body.getValue()))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(415);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).contains("Send application/json.");
        }
        assertThat(HostileRequests.rows(database, TABLES)).isEqualTo(stored);
    }

    /** The one field error of a 400 problem, as field and reason. */
    private static Map<String, String> problem(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        var errors = response.json().path("errors");
        assertThat(errors.size()).as(response.body()).isEqualTo(1);
        return Map.of(
                "field", errors.get(0).path("field").asString(),
                "reason", errors.get(0).path("reason").asString());
    }
}
