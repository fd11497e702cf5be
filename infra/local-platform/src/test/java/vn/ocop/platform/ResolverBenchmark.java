package vn.ocop.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import vn.ocop.servers.LoopbackPorts;

/**
 * The resolver under load, on the platform as it runs (trace-service a process of its own, with the
 * JIT and heap it runs with in production): the sample package resolved at 64 connections, as JSON
 * and as the page, side by side with nginx (Debian's package) serving the same JSON as a static
 * file; wrk (Debian's package) drives all three. Then the time from a batch's registration to its
 * lot resolving. Prints numbers; run with {@code -Pbenchmark} after
 * {@code apt-get install nginx-light wrk}.
 */
@Tag("benchmark")
class ResolverBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern REQUESTS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern PERCENTILE =
            Pattern.compile("^\\s+(50|75|90|99)%\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final String DURATION = System.getProperty("benchmark.duration", "20s");

    @TempDir
    Path work;

    record Result(String name, double requestsPerSecond, Map<String, Double> latencyMs) {}

    @Test
    void resolutionAgainstNginxAndRegistrationToResolvable(@TempDir Path data) throws Exception {
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        var ports = FreePorts.platform();
        System.setProperty(
                LocalPlatform.SERVICE_JVM_OPTIONS,
                System.getProperty("benchmark.service-jvm-options", "-Xms256m -Xmx512m -XX:+UseParallelGC"));
        try (var platform = LocalPlatform.start(
                new LocalPlatform.Options(Path.of("../..").toAbsolutePath().normalize(), data, ports, false))) {
            var url = platform.samplePackage();
            assertThat(url).as("the sample package the platform registers").isNotNull();
            var client = HttpClient.newHttpClient();
            var json = client.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .header("Accept", "application/json")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .body();
            var root = Files.createDirectories(work.resolve("www"));
            Files.writeString(root.resolve("record.json"), json);
            int nginxPort = LoopbackPorts.block(1);
            var nginx = nginx(nginxPort);
            try {
                // Both representations once before measuring, so that neither is measured while compiling.
                wrk("warm-up", url, "application/json", "5s");
                wrk("warm-up", url, "text/html", "5s");
                var results = List.of(
                        wrk("resolver JSON", url, "application/json", DURATION),
                        wrk("resolver HTML", url, "text/html", DURATION),
                        wrk(
                                "nginx static JSON",
                                "http://127.0.0.1:" + nginxPort + "/record.json",
                                "application/json",
                                DURATION));
                System.out.printf(
                        "%nRESOLVER  64 connections, 2 wrk threads, %s each, the sample package (%d-byte JSON)%n",
                        DURATION, json.length());
                for (var result : results) {
                    System.out.printf(
                            "RESOLVER  %-18s %8.0f req/s   p50 %6.2f ms   p90 %6.2f ms   p99 %6.2f ms%n",
                            result.name(),
                            result.requestsPerSecond(),
                            result.latencyMs().get("50"),
                            result.latencyMs().get("90"),
                            result.latencyMs().get("99"));
                }
                System.out.printf(
                        "RESOLVER  JSON at %.0f %% and HTML at %.0f %% of nginx's requests per second%n",
                        100
                                * results.get(0).requestsPerSecond()
                                / results.get(2).requestsPerSecond(),
                        100
                                * results.get(1).requestsPerSecond()
                                / results.get(2).requestsPerSecond());
            } finally {
                nginx.destroy();
                nginx.waitFor(10, TimeUnit.SECONDS);
            }
            var admin = LocalPlatform.token("http://127.0.0.1:" + ports.issuer(), "ocop-admin", "admin-secret");
            var product = JSON.readTree(json).get("product");
            registrationToResolvable(
                    client,
                    "http://127.0.0.1:" + ports.trace(),
                    new AdminApi(admin),
                    product.get("id").asString(),
                    product.get("gtin").asString());
        }
    }

    /** From the registration request of a batch to its lot's first 200 from the resolver. */
    private void registrationToResolvable(HttpClient client, String trace, AdminApi api, String product, String gtin)
            throws Exception {
        var times = new ArrayList<Long>();
        var run = Long.toString(System.currentTimeMillis() % 100_000, 36).toUpperCase();
        for (int i = 0; i < 200; i++) {
            var lot = "REG-" + run + "-" + i;
            long start = System.nanoTime();
            api.send(
                    "POST",
                    trace + "/api/batches",
                    Map.of(
                            "productId", product,
                            "lot", lot,
                            "quantity", 10,
                            "unit", "hộp",
                            "origin",
                                    Map.of(
                                            "name",
                                            "Đồi chè (benchmark data)",
                                            "province",
                                            "Quảng Ninh",
                                            "commune",
                                            "xã Ba Chẽ"),
                            "producedOn", LocalDate.now().minusDays(1).toString(),
                            "expiresOn", LocalDate.now().plusYears(1).toString(),
                            "inputs", List.of(),
                            "certifications", List.of()),
                    201);
            var request = HttpRequest.newBuilder(URI.create(trace + "/01/" + gtin + "/10/" + lot))
                    .header("Accept", "application/json")
                    .build();
            while (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                Thread.sleep(1);
            }
            times.add((System.nanoTime() - start) / 1_000);
        }
        Collections.sort(times);
        System.out.printf(
                "RESOLVER  batch registered -> lot resolvable (200 batches): p50 %.1f ms, p99 %.1f ms%n",
                times.get(99) / 1000.0, times.get(197) / 1000.0);
    }

    private Process nginx(int nginxPort) throws Exception {
        var binary = Path.of("/usr/sbin/nginx");
        if (!Files.isExecutable(binary)) {
            throw new AssertionError("The benchmark compares with nginx: apt-get install nginx-light");
        }
        var conf = work.resolve("nginx.conf");
        Files.writeString(
                conf,
                """
                daemon off;
                worker_processes auto;
                error_log %1$s/error.log warn;
                pid %1$s/nginx.pid;
                events { worker_connections 1024; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/tmp;
                  proxy_temp_path %1$s/tmp;
                  fastcgi_temp_path %1$s/tmp;
                  uwsgi_temp_path %1$s/tmp;
                  scgi_temp_path %1$s/tmp;
                  server {
                    listen 127.0.0.1:%2$d;
                    root %1$s/www;
                    location / { default_type application/json; }
                  }
                }
                """
                        .formatted(work, nginxPort));
        var process = new ProcessBuilder(binary.toString(), "-c", conf.toString(), "-p", work.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("nginx.out").toFile())
                .start();
        var deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (var socket = new java.net.Socket("127.0.0.1", nginxPort)) {
                return process;
            } catch (java.io.IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nginx did not start: " + Files.readString(work.resolve("nginx.out")));
    }

    private Result wrk(String name, String url, String accept, String duration) throws Exception {
        var binary = Path.of("/usr/bin/wrk");
        if (!Files.isExecutable(binary)) {
            throw new AssertionError("The benchmark drives its load with wrk: apt-get install wrk");
        }
        var process = new ProcessBuilder(
                        binary.toString(), "-t2", "-c64", "-d" + duration, "--latency", "-H", "Accept: " + accept, url)
                .redirectErrorStream(true)
                .start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        assertThat(out).as(out).doesNotContain("Non-2xx");
        var requests = REQUESTS.matcher(out);
        assertThat(requests.find()).as(out).isTrue();
        var latency = new java.util.HashMap<String, Double>();
        var percentiles = PERCENTILE.matcher(out);
        while (percentiles.find()) {
            double value = Double.parseDouble(percentiles.group(2));
            latency.put(
                    percentiles.group(1),
                    switch (percentiles.group(3)) {
                        case "us" -> value / 1000;
                        case "s" -> value * 1000;
                        default -> value;
                    });
        }
        return new Result(name, Double.parseDouble(requests.group(1)), latency);
    }
}
