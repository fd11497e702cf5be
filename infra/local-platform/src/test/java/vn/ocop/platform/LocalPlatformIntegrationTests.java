package vn.ocop.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one-command platform, end to end: real servers, the real issuer, the three services as
 * processes, sample data loaded through the API; and nothing left running once it stops.
 */
class LocalPlatformIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path data;

    @Test
    void startsHealthyWithIssuerTokensAndSampleDataThenStopsEverything() throws Exception {
        var ports = new LocalPlatform.Ports(free(), free(), free(), free(), free(), free(), free(), free());
        var root = Path.of("../..").toAbsolutePath().normalize();
        // Elasticsearch runs as an unprivileged account when the build runs as root: it must reach the data.
        java.nio.file.Files.setPosixFilePermissions(
                data, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        var http = HttpClient.newHttpClient();
        var issuer = "http://127.0.0.1:" + ports.issuer();
        var catalog = "http://127.0.0.1:" + ports.catalog();

        long[] pids;
        try (var platform = LocalPlatform.start(new LocalPlatform.Options(root, data, ports, false))) {
            System.out.printf(
                    "Local platform started in %d ms%n", platform.startupTime().toMillis());

            var producers = JSON.readTree(
                    get(http, catalog + "/api/producers?size=100", null).body());
            assertThat(producers.size()).isEqualTo(10);
            var teaCooperative = JSON.readTree(get(http, catalog + "/api/producers?taxCode=5700100001", null)
                            .body())
                    .get(0)
                    .get("id")
                    .asString();

            var producerToken = LocalPlatform.token(issuer, "htx-tra-hoa-vang", "producer-secret");
            var claims =
                    JSON.readTree(Base64.getUrlDecoder().decode(producerToken.split("\\.")[1]));
            assertThat(claims.get("roles").get(0).asString()).isEqualTo("PRODUCER");
            assertThat(claims.get("producer_id").asString()).isEqualTo(teaCooperative);
            assertThat(claims.get("iss").asString()).isEqualTo(issuer);

            assertThat(platform.sampleCatalogue().products()).isBetween(40, 60);
            assertThat(platform.sampleCatalogue().refusedAsExpected()).isPositive();
            var listed = platform.sampleCatalogue().listed();
            var deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
            long searchable = 0;
            while (searchable != listed && System.nanoTime() < deadline) {
                searchable = JSON.readTree(get(http, catalog + "/api/products?size=100", null)
                                .body())
                        .get("total")
                        .asLong();
                Thread.sleep(200);
            }
            assertThat(searchable).as("every sample listing is searchable").isEqualTo(listed);
            var tea = JSON.readTree(get(http, catalog + "/api/products?q=tra%20hoa%20vang", null)
                    .body());
            assertThat(tea.get("hits").get(0).get("name").asString()).containsIgnoringCase("trà hoa vàng");
            assertThat(tea.get("hits").get(0).get("producer").get("name").asString())
                    .isEqualTo("HTX Trà Hoa Vàng Ba Chẽ (mẫu)");

            var ownProduct = tea.get("hits").get(0).get("id").asString();
            var ownStock =
                    put(http, catalog + "/api/products/" + ownProduct + "/stock", producerToken, "{\"stock\": 99}");
            assertThat(ownStock.statusCode()).as(ownStock.body()).isEqualTo(200);
            var othersProduct = JSON.readTree(get(http, catalog + "/api/products?q=nuoc%20mam%20cai%20rong", null)
                            .body())
                    .get("hits")
                    .get(0)
                    .get("id")
                    .asString();
            assertThat(put(http, catalog + "/api/products/" + othersProduct + "/stock", producerToken, "{\"stock\": 0}")
                            .statusCode())
                    .isEqualTo(403);

            var shopper = LocalPlatform.token(issuer, "shopper", "shopper-secret");
            var forbidden = post(http, catalog + "/api/producers", shopper, "{}");
            assertThat(forbidden.statusCode()).isEqualTo(403);
            assertThat(forbidden.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));

            var admin = LocalPlatform.token(issuer, "ocop-admin", "admin-secret");
            var invalid = post(http, catalog + "/api/producers", admin, "{\"name\":\"\"}");
            assertThat(invalid.statusCode()).isEqualTo(400);

            for (var port : new int[] {ports.order(), ports.trace()}) {
                assertThat(get(http, "http://127.0.0.1:" + port + "/api/orders", null)
                                .statusCode())
                        .isEqualTo(401);
                assertThat(get(http, "http://127.0.0.1:" + port + "/actuator/health/readiness", null)
                                .statusCode())
                        .isEqualTo(200);
            }
            pids = ProcessHandle.current()
                    .descendants()
                    .mapToLong(ProcessHandle::pid)
                    .toArray();
            assertThat(pids).as("service processes and Elasticsearch").hasSizeGreaterThanOrEqualTo(4);
        }

        for (var pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("process %d stopped", pid)
                    .isFalse();
        }
        assertThat(ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().orElse("").contains(data.toString())))
                .as("no server process still uses the platform's data")
                .isEmpty();
    }

    private static HttpResponse<String> get(HttpClient http, String url, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> post(HttpClient http, String url, String token, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> put(HttpClient http, String url, String token, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int free() throws Exception {
        try (var socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
