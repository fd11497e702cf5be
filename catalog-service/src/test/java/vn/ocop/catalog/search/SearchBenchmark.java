package vn.ocop.catalog.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.JsonpUtils;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import vn.ocop.catalog.product.Products;
import vn.ocop.servers.EmbeddedServers;
import vn.ocop.testing.Http;
import vn.ocop.testing.TestTokens;

/**
 * The storefront search benchmark (not part of the test suite; it prints numbers and asserts
 * nothing about speed). Run: {@code ./mvnw -pl catalog-service -am verify -Pbenchmark}.
 *
 * <p>Generates a synthetic catalogue (100,000 products by default; {@code -Dbenchmark.products=}),
 * indexes it through the rebuild path, then runs a fixed query mix through the API and directly
 * against Elasticsearch with the very query the API sends, at 1 and 32 concurrent clients, after a
 * warm-up ({@code -Dbenchmark.warmup-seconds=}, default 240); finally measures how long a price change
 * takes to become visible in search.
 */
@Tag("benchmark")
@vn.ocop.testing.ServiceIntegrationTest
@TestPropertySource(properties = {"logging.level.root=WARN", "logging.structured.format.console="})
class SearchBenchmark {

    static final List<String> MIX = List.of(
            "q=tra hoa vang",
            "q=trà hoa vàng Ba Chẽ",
            "q=mat ong ha long",
            "q=miến dong bình liêu&sort=price_asc",
            "q=nuoc mam&group=FOOD&minStars=4",
            "group=HERBAL&sort=newest",
            "q=ruou ba kich&maxPrice=400000",
            "q=cha muc ha long&inStock=true",
            "near=21.27,107.29&radiusKm=20&sort=stars",
            "q=homestay nha san&group=RURAL_TOURISM",
            "q=dau so&province=Quảng Ninh",
            "q=giảo cổ lam&page=2&size=20",
            "minPrice=100000&maxPrice=500000&sort=price_desc",
            "q=duongg phen", // a typo, forgiven in the second request as the first finds nothing
            "q=đường phèn yên tử",
            "q=tui tho cam dao");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProductIndex index;

    @Autowired
    Products products;

    @Autowired
    ProductSearch search;

    @Autowired
    ElasticsearchClient elasticsearch;

    private ProcessHandle elasticsearchProcess;

    private final HttpClient http =
            HttpClient.newBuilder().executor(Executors.newFixedThreadPool(40)).build();

    @Test
    void storefrontSearch() throws Exception {
        int size = Integer.getInteger("benchmark.products", 100_000);
        System.out.printf("%n== Storefront search benchmark: %,d synthetic products (benchmark data) ==%n", size);

        long started = System.nanoTime();
        SyntheticCatalogue.insert(jdbc, 200, size, 42);
        System.out.printf("generated into PostgreSQL: %.1f s%n", seconds(started));
        started = System.nanoTime();
        var rebuilt = index.rebuild(SearchProjection.catalogue(products));
        double indexing = seconds(started);
        System.out.printf(
                "indexed %,d documents: %.1f s (%,.0f docs/s)%n",
                rebuilt.documents(), indexing, rebuilt.documents() / indexing);

        elasticsearchProcess = elasticsearchProcess();
        var api = MIX.stream()
                .map(q -> "http://127.0.0.1:" + port + "/api/products?" + encode(q))
                .toList();
        var es = EmbeddedServers.shared().addresses().elasticsearchUri() + "/" + ProductIndex.ALIAS + "/_search";
        var bodies = MIX.stream().map(q -> elasticsearchBody(q, false)).toList();
        // The second pass the API makes when nothing matched (typos forgiven), where it may.
        var typoBodies = MIX.stream()
                .map(q -> ProductSearch.forgivesTypos(SearchRequests.parse(q)) ? elasticsearchBody(q, true) : null)
                .toList();

        // Warm, as a running service is: the service's, Elasticsearch's and the clients' code compiled before
        // measuring. On two cores that takes minutes, not seconds: each round's throughput is printed, so a
        // reader sees where it levels off.
        int warmupSeconds = Integer.getInteger("benchmark.warmup-seconds", 240);
        started = System.nanoTime();
        System.out.printf("%nwarm-up, rounds of 1,600 queries at 32 clients, req/s (API / Elasticsearch):%n");
        for (int round = 1; seconds(started) < warmupSeconds; round++) {
            var apiRound = run(api, null, null, 32, 50);
            var esRound = run(List.of(es), bodies, typoBodies, 32, 50);
            System.out.printf("  round %2d: %4.0f / %4.0f%n", round, apiRound.throughput(), esRound.throughput());
        }
        run(api, null, null, 1, 200);
        run(List.of(es), bodies, typoBodies, 1, 200);
        System.out.printf("warm-up: %.1f s%n", seconds(started));

        // CPU per query in milliseconds: Elasticsearch's process, and this JVM's (service and clients).
        System.out.printf(
                "%n%-28s %8s %8s %8s %8s %9s %9s %9s%n",
                "phase", "queries", "p50 ms", "p95 ms", "p99 ms", "req/s", "ES cpu", "JVM cpu");
        var apiOne = run(api, null, null, 1, 1000);
        var esOne = run(List.of(es), bodies, typoBodies, 1, 1000);
        print("API, 1 client", apiOne);
        print("Elasticsearch, 1 client", esOne);
        System.out.printf("%-28s p99 API/ES = %.2f%n", "", apiOne.p(99) / esOne.p(99));
        // Three passes at 32 clients, each way in turn, so that the spread between passes shows too.
        for (int pass = 1; pass <= 3; pass++) {
            var apiResult = run(api, null, null, 32, 100);
            var esResult = run(List.of(es), bodies, typoBodies, 32, 100);
            print("API, 32 clients, pass " + pass, apiResult);
            print("Elasticsearch, 32 clients", esResult);
            System.out.printf("%-28s p99 API/ES = %.2f%n", "", apiResult.p(99) / esResult.p(99));
        }

        System.out.printf("%nper query, straight to Elasticsearch, 1 client (p50 of 20 runs):%n");
        for (int q = 0; q < MIX.size(); q++) {
            var latencies = new double[20];
            for (int i = 0; i < latencies.length; i++) {
                long t = System.nanoTime();
                if (post(es, bodies.get(q)).contains(NO_HITS) && typoBodies.get(q) != null) {
                    post(es, typoBodies.get(q));
                }
                latencies[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(latencies);
            System.out.printf("%8.1f ms  %s%n", percentile(latencies, 50), MIX.get(q));
        }

        visibility(100);
    }

    /** How long from a price change through the API until a search sees the new price. */
    private void visibility(int changes) throws Exception {
        var ids = jdbc.queryForList(
                "select id from product where status = 'LISTED' order by random() limit " + changes, UUID.class);
        var client = new Http(port);
        var admin = TestTokens.admin();
        var es = EmbeddedServers.shared().addresses().elasticsearchUri() + "/" + ProductIndex.ALIAS + "/_search";
        var doc = EmbeddedServers.shared().addresses().elasticsearchUri() + "/" + ProductIndex.ALIAS + "/_doc/";
        var latencies = new double[ids.size()];
        var indexed = new double[ids.size()];
        var random = new Random(7);
        var order = new double[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            // Ending in 500, never the price a product has: the synthetic catalogue's prices are whole thousands.
            long price = 10_000 + random.nextInt(1_000) * 1000 + 500;
            // Changes come at any moment of Elasticsearch's refresh cycle (one second). Made back to back, each
            // would start just after the refresh that showed the one before, and wait out almost a whole cycle.
            Thread.sleep(random.nextInt(1000));
            long start = System.nanoTime();
            var response = client.patch("/api/products/" + ids.get(i), admin, Map.of("priceVnd", price));
            if (response.status() != 200) {
                throw new IllegalStateException(response.body());
            }
            // First in the index (a get by id is real-time), then in search (after Elasticsearch's next refresh).
            var stored = doc + ids.get(i) + "?_source_includes=priceVnd";
            while (!get(stored).contains("\"priceVnd\":" + price + "}")) {
                giveUpAfter(start, ids.get(i));
                Thread.sleep(5);
            }
            indexed[i] = (System.nanoTime() - start) / 1e6;
            var query = "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"id\":\"" + ids.get(i)
                    + "\"}},{\"term\":{\"priceVnd\":" + price + "}}]}},\"size\":0}";
            while (!post(es, query).contains("\"total\":{\"value\":1")) {
                giveUpAfter(start, ids.get(i));
                Thread.sleep(10);
            }
            latencies[i] = (System.nanoTime() - start) / 1e6;
            order[i] = latencies[i];
        }
        Arrays.sort(latencies);
        Arrays.sort(indexed);
        var slowest = new StringBuilder();
        for (int i = latencies.length - 1; i >= Math.max(0, latencies.length - 3); i--) {
            for (int n = 0; n < order.length; n++) {
                if (order[n] == latencies[i]) {
                    slowest.append(String.format(" change %d: %.0f ms;", n + 1, latencies[i]));
                }
            }
        }
        System.out.printf(
                "%nprice change in the index, read by id (%d changes): p50 %.0f ms, p99 %.0f ms, max %.0f ms",
                indexed.length, percentile(indexed, 50), percentile(indexed, 99), indexed[indexed.length - 1]);
        System.out.printf(
                "%nprice change visible in search (%d changes): p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                latencies.length,
                percentile(latencies, 50),
                percentile(latencies, 99),
                latencies[latencies.length - 1]);
        System.out.println("slowest to be visible:" + slowest);
    }

    private static void giveUpAfter(long startedNanos, UUID product) {
        if (System.nanoTime() - startedNanos > Duration.ofSeconds(30).toNanos()) {
            throw new IllegalStateException("The price change of product " + product + " never reached search");
        }
    }

    /**
     * A phase's latencies, and the CPU it cost per query: Elasticsearch's process, and this JVM's (the
     * service with its Kafka broker, and the benchmark's clients).
     */
    record Result(double[] sortedMs, double seconds, double elasticsearchCpuMs, double jvmCpuMs) {
        double p(int percentile) {
            return percentile(sortedMs, percentile);
        }

        double throughput() {
            return sortedMs.length / seconds;
        }
    }

    private static final String NO_HITS = "\"total\":{\"value\":0,";

    /**
     * {@code clients} clients each sending {@code perClient} queries of the mix in a closed loop: GETs of
     * {@code urls}, or, with {@code bodies}, the API's Elasticsearch requests posted to the one URL (and
     * its second pass, from {@code typoBodies}, when the first matched nothing, as the API does).
     */
    private Result run(List<String> urls, List<String> bodies, List<String> typoBodies, int clients, int perClient)
            throws Exception {
        var pool = Executors.newFixedThreadPool(clients);
        var futures = new ArrayList<Future<double[]>>();
        long elasticsearchCpu = cpuNanos(elasticsearchProcess);
        long jvmCpu = cpuNanos(ProcessHandle.current());
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int offset = c;
            futures.add(pool.submit(() -> {
                var latencies = new double[perClient];
                for (int i = 0; i < perClient; i++) {
                    int q = (offset + i) % MIX.size();
                    long t = System.nanoTime();
                    var body = bodies == null ? get(urls.get(q)) : post(urls.getFirst(), bodies.get(q));
                    if (bodies != null && body.contains(NO_HITS) && typoBodies.get(q) != null) {
                        body = post(urls.getFirst(), typoBodies.get(q));
                    }
                    latencies[i] = (System.nanoTime() - t) / 1e6;
                    if (!body.contains("\"total\"")) {
                        throw new IllegalStateException("Unexpected answer: " + body);
                    }
                }
                return latencies;
            }));
        }
        var all = new ArrayList<Double>();
        for (var future : futures) {
            for (double latency : future.get()) {
                all.add(latency);
            }
        }
        double elapsed = seconds(started);
        double queries = all.size();
        double elasticsearchCpuMs = (cpuNanos(elasticsearchProcess) - elasticsearchCpu) / 1e6 / queries;
        double jvmCpuMs = (cpuNanos(ProcessHandle.current()) - jvmCpu) / 1e6 / queries;
        pool.shutdown();
        var sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Result(sorted, elapsed, elasticsearchCpuMs, jvmCpuMs);
    }

    /** Elasticsearch's process, a descendant of this JVM (the servers start it, as another user under root). */
    private static ProcessHandle elasticsearchProcess() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("org.elasticsearch.bootstrap.Elasticsearch"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No Elasticsearch process under this JVM"));
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info()
                .totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("No CPU time for process " + process.pid()))
                .toNanos();
    }

    private static void print(String phase, Result result) {
        System.out.printf(
                "%-28s %8d %8.1f %8.1f %8.1f %9.0f %9.2f %9.2f%n",
                phase,
                result.sortedMs().length,
                result.p(50),
                result.p(95),
                result.p(99),
                result.throughput(),
                result.elasticsearchCpuMs(),
                result.jvmCpuMs());
    }

    /** The JSON body the API sends to Elasticsearch for one query of the mix. */
    private String elasticsearchBody(String query, boolean typos) {
        var request = SearchRequests.parse(query);
        return JsonpUtils.toJsonString(
                ProductSearch.elasticsearchRequest(request, index.termVectors(), typos), elasticsearch._jsonpMapper());
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private String post(String url, String body) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static String encode(String query) {
        var parts = new ArrayList<String>();
        for (var pair : query.split("&")) {
            var kv = pair.split("=", 2);
            parts.add(kv[0] + "="
                    + URLEncoder.encode(URLDecoder.decode(kv[1], StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        }
        return String.join("&", parts);
    }

    static double percentile(double[] sorted, int percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
