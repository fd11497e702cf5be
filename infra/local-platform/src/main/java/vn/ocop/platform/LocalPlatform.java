package vn.ocop.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;
import vn.ocop.platform.issuer.DemoAccounts;
import vn.ocop.platform.issuer.LocalIssuer;
import vn.ocop.servers.EmbeddedServers;
import vn.ocop.servers.OrphanRegistry;

/**
 * The whole platform on one machine with one command: Kafka, Elasticsearch, S3 and PostgreSQL
 * (embedded, data kept between runs), the OAuth2 issuer with demo accounts, the three services as
 * processes of their own, and the sample Quảng Ninh catalogue loaded through the services' API.
 * Stopping this JVM (Ctrl-C) stops everything it started.
 */
public final class LocalPlatform implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalPlatform.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    /**
     * The system property with the services' JVM options. The default starts quickly in little memory
     * (C1 only, serial GC), which suits development; a benchmark gives the full JIT.
     */
    public static final String SERVICE_JVM_OPTIONS = "ocop.platform.service-jvm-options";

    private static final String PAYMENT_SECRET_FILE = "payment-notification-secret";

    private static final String FAST_START = "-Xms64m -Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    /** The fixed addresses the README documents. */
    public record Ports(
            int kafka, int elasticsearch, int s3, int postgres, int issuer, int catalog, int order, int trace) {
        public static final Ports DEFAULT = new Ports(9092, 9200, 9900, 5432, 9000, 8081, 8082, 8083);
    }

    /**
     * @param root the project checkout, where the services' jars are built
     * @param dataDirectory where the servers keep their data between runs
     */
    public record Options(Path root, Path dataDirectory, Ports ports, boolean wipe) {}

    private record Service(String name, String database, int port) {}

    private final Options options;
    private final List<Process> services = new ArrayList<>();
    private final OrphanRegistry orphans;
    private EmbeddedServers servers;
    private ConfigurableApplicationContext issuer;
    private CompletableFuture<ConfigurableApplicationContext> issuerStart;
    private Duration startup;
    private SampleCatalogue.Loaded loaded;
    private String samplePackage;
    private String paymentSecret;

    private LocalPlatform(Options options) {
        this.options = options;
        this.orphans = new OrphanRegistry(EmbeddedServers.serversHome().resolve("running"));
    }

    public static void main(String[] args) throws Exception {
        var platform = new LocalPlatform(parse(args));
        var stopped = new CountDownLatch(1);
        // Registered before anything starts, so that Ctrl-C during start-up stops what has started.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("\nStopping the OCOP platform ...");
                            platform.close();
                            stopped.countDown();
                        },
                        "ocop-platform-shutdown"));
        try {
            platform.startAll();
        } catch (Exception e) {
            log.error("The OCOP platform did not start", e);
            System.exit(1);
        }
        platform.printWelcome();
        stopped.await();
    }

    /** Starts everything and returns once all services are ready and the sample data is loaded. */
    public static LocalPlatform start(Options options) throws Exception {
        var platform = new LocalPlatform(options);
        try {
            platform.startAll();
            return platform;
        } catch (Exception | Error e) {
            platform.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        var started = Instant.now();
        orphans.reapOrphans();
        if (options.wipe()) {
            deleteTree(options.dataDirectory());
        }
        Files.createDirectories(options.dataDirectory().resolve("logs"));
        var ports = options.ports();
        servers = EmbeddedServers.start(new EmbeddedServers.Options(
                options.dataDirectory().resolve("servers"),
                new EmbeddedServers.Ports(ports.kafka(), ports.elasticsearch(), ports.s3(), ports.postgres())));
        paymentSecret = paymentSecret(options.dataDirectory());
        var accounts = new DemoAccounts();
        var issuerUrl = "http://127.0.0.1:" + ports.issuer();
        issuerStart = CompletableFuture.supplyAsync(
                () -> new SpringApplicationBuilder(LocalIssuer.class)
                        .properties("spring.config.name=local-issuer")
                        .initializers(context -> context.getBeanFactory().registerSingleton("demoAccounts", accounts))
                        .run("--server.port=" + ports.issuer(), "--ocop.issuer.url=" + issuerUrl),
                withOwnClassLoader());
        for (var service : services()) {
            servers.createDatabase(service.database());
            this.services.add(launch(service, issuerUrl));
        }
        issuer = issuerStart.join();
        for (int i = 0; i < services().size(); i++) {
            awaitReady(services().get(i), this.services.get(i));
        }
        loadSampleCatalogue(issuerUrl, accounts);
        startup = Duration.between(started, Instant.now());
        log.info("OCOP platform ready in {} ms", startup.toMillis());
    }

    /**
     * An executor whose thread sees this jar's classes as its context class loader: inside the Spring
     * Boot jar the common pool's threads would see only the system class loader.
     */
    private static java.util.concurrent.Executor withOwnClassLoader() {
        var loader = LocalPlatform.class.getClassLoader();
        return task -> {
            var thread = new Thread(task, "ocop-issuer-start");
            thread.setContextClassLoader(loader);
            thread.setDaemon(true);
            thread.start();
        };
    }

    private List<Service> services() {
        var ports = options.ports();
        return List.of(
                new Service("catalog-service", "catalog_service", ports.catalog()),
                new Service("order-service", "order_service", ports.order()),
                new Service("trace-service", "trace_service", ports.trace()));
    }

    private Process launch(Service service, String issuerUrl) throws IOException {
        var jar = jar(service.name());
        var command = new java.util.ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(
                System.getProperty(SERVICE_JVM_OPTIONS, FAST_START).trim().split("\\s+")));
        command.add("-jar");
        command.add(jar.toString());
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(options.dataDirectory()
                        .resolve("logs/" + service.name() + ".log")
                        .toFile());
        var environment = builder.environment();
        environment.putAll(servers.addresses().serviceEnvironment(service.database()));
        environment.put("SERVER_PORT", String.valueOf(service.port()));
        environment.put("OCOP_ISSUER_URI", issuerUrl);
        environment.put("OCOP_PAYMENT_SECRET", paymentSecret);
        // A sample collection account (invented data): the QR codes it makes pay no one real.
        environment.put("OCOP_PAYMENT_BANK_BIN", "970436");
        environment.put("OCOP_PAYMENT_ACCOUNT", "0011009999999");
        environment.put("OCOP_PAYMENT_ACCOUNT_NAME", "SAN OCOP QUANG NINH (SAMPLE)");
        // Links printed in QR codes and shown on the scan page point at this machine's services.
        environment.put(
                "OCOP_RESOLVER_BASE", "http://127.0.0.1:" + options.ports().trace());
        environment.put(
                "OCOP_STOREFRONT_PRODUCT_URL",
                "http://127.0.0.1:" + options.ports().catalog() + "/api/products/{id}");
        environment.put(
                "OCOP_PRODUCT_PHOTO_URL",
                "http://127.0.0.1:" + options.ports().catalog() + "/api/products/{id}/thumbnail");
        var process = builder.start();
        orphans.record(service.name(), process.pid(), jar.getFileName().toString());
        return process;
    }

    /**
     * The secret this machine's bank notifications are signed with: made at random on the first start,
     * kept in the data directory (readable by its owner only), and new after a wipe. No secret is
     * written in the sources, so none can be copied into a production start.
     */
    private static String paymentSecret(Path dataDirectory) throws IOException {
        var file = dataDirectory.resolve(PAYMENT_SECRET_FILE);
        if (Files.exists(file)) {
            var kept = Files.readString(file).strip();
            if (!kept.isEmpty()) {
                return kept;
            }
            Files.delete(file); // left empty by a start that stopped while writing it
        }
        var bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        var secret = java.util.HexFormat.of().formatHex(bytes);
        try {
            Files.createFile(
                    file,
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // no POSIX permissions here: the file system's defaults
        }
        Files.writeString(file, secret + "\n");
        return secret;
    }

    /** The secret a simulated bank signs transfer notifications with, for order-service on this machine. */
    public String paymentSecret() {
        return paymentSecret;
    }

    /** The last lines of a service's log, for an error that says why it did not start. */
    private String logTail(Service service) {
        var log = options.dataDirectory().resolve("logs/" + service.name() + ".log");
        try (var lines = Files.lines(log)) {
            var all = lines.toList();
            return "the end of " + log + ":\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - 15), all.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "no log at " + log + " (" + e.getMessage() + ")";
        }
    }

    private Path jar(String service) throws IOException {
        var target = options.root().resolve(service).resolve("target");
        try (var files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches(service + "-[^/]*\\.jar"))
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalStateException("No " + service + " jar in " + target + "; build first"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException(service + " is not built (" + target + " is missing); build first", e);
        }
    }

    private void awaitReady(Service service, Process process) throws InterruptedException {
        var http = HttpClient.newHttpClient();
        var readiness = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + service.port() + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(5))
                .build();
        var deadline = Instant.now().plus(READY_TIMEOUT);
        var last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        service.name() + " exited with status " + process.exitValue() + "; " + logTail(service));
            }
            try {
                var answer = http.send(readiness, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
                last = answer.statusCode() + " " + answer.body();
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException(service.name() + " was not ready within " + READY_TIMEOUT + "; readiness said "
                + last + "; " + logTail(service));
    }

    private void loadSampleCatalogue(String issuerUrl, DemoAccounts accounts) throws Exception {
        var admin = token(issuerUrl, "ocop-admin", "admin-secret");
        loaded = new SampleCatalogue("http://127.0.0.1:" + options.ports().catalog(), admin).load(accounts);
        samplePackage = new SampleTrace(
                        "http://127.0.0.1:" + options.ports().catalog(),
                        "http://127.0.0.1:" + options.ports().trace(),
                        admin)
                .load();
    }

    /** The Digital Link of the sample batch's first package: the page a scan of its QR code opens. */
    String samplePackage() {
        return samplePackage;
    }

    /** A token from the issuer for a demo account, by the client-credentials grant. */
    public static String token(String issuerUrl, String client, String secret) throws Exception {
        var credentials = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(issuerUrl + "/oauth2/token"))
                                .header("Authorization", "Basic " + credentials)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=api"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("The issuer refused " + client + ": " + response.body());
        }
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    /** What the sample catalogue loader did on this start (nothing when the data was already there). */
    SampleCatalogue.Loaded sampleCatalogue() {
        return loaded;
    }

    public Duration startupTime() {
        return startup;
    }

    public Map<String, String> urls() {
        var ports = options.ports();
        var urls = new LinkedHashMap<String, String>();
        urls.put("catalog-service API docs", "http://127.0.0.1:" + ports.catalog() + "/swagger-ui.html");
        urls.put("order-service API docs", "http://127.0.0.1:" + ports.order() + "/swagger-ui.html");
        urls.put("trace-service API docs", "http://127.0.0.1:" + ports.trace() + "/swagger-ui.html");
        urls.put(
                "storefront search (public)",
                "http://127.0.0.1:" + ports.catalog() + "/api/products?q=tra%20hoa%20vang");
        urls.put("autocomplete (public)", "http://127.0.0.1:" + ports.catalog() + "/api/products/suggest?q=mien");
        urls.put("sample producers (public)", "http://127.0.0.1:" + ports.catalog() + "/api/producers");
        if (samplePackage != null) {
            urls.put("sample package page (what its QR code opens)", samplePackage);
        }
        urls.put("GS1 resolver description", "http://127.0.0.1:" + ports.trace() + "/.well-known/gs1resolver");
        urls.put("issuer", "http://127.0.0.1:" + ports.issuer() + "/.well-known/openid-configuration");
        return urls;
    }

    private void printWelcome() {
        var ports = options.ports();
        var out = new StringBuilder();
        out.append("\nOCOP platform is up in %.1f s.%n%n".formatted(startup.toMillis() / 1000.0));
        if (loaded.producers() > 0) {
            out.append(
                    "  Sample catalogue (invented data): %d producers, %d products, %d listed, %d refused by the OCOP rules as intended.%n%n"
                            .formatted(
                                    loaded.producers(),
                                    loaded.products(),
                                    loaded.listed(),
                                    loaded.refusedAsExpected()));
        }
        urls().forEach((name, url) -> out.append("  %-28s %s%n".formatted(name, url)));
        out.append(
                "%n  Kafka 127.0.0.1:%d   Elasticsearch http://127.0.0.1:%d   S3 http://127.0.0.1:%d   PostgreSQL 127.0.0.1:%d%n"
                        .formatted(ports.kafka(), ports.elasticsearch(), ports.s3(), ports.postgres()));
        out.append("  Data: %s (start with --wipe to begin empty); service logs in %s%n"
                .formatted(options.dataDirectory(), options.dataDirectory().resolve("logs")));
        out.append("%n  A token: curl -s -u ocop-admin:admin-secret -d grant_type=client_credentials -d scope=api "
                        .formatted()
                + "http://127.0.0.1:%d/oauth2/token%n".formatted(ports.issuer()));
        out.append("  Bank notifications (POST /api/payments/notifications) are signed with the secret in %s%n"
                .formatted(options.dataDirectory().resolve(PAYMENT_SECRET_FILE)));
        out.append("  Demo accounts: ");
        DemoAccounts.ACCOUNTS.forEach(
                a -> out.append(a.clientId()).append(" (").append(a.role()).append(")  "));
        out.append("%n%nPress Ctrl-C to stop everything.%n".formatted());
        System.out.print(out);
    }

    @Override
    public synchronized void close() {
        for (int i = 0; i < services.size(); i++) {
            OrphanRegistry.stopTree(services.get(i).toHandle(), Duration.ofSeconds(20));
            orphans.forget(services().get(i).name());
        }
        services.clear();
        if (issuer == null && issuerStart != null) {
            try {
                issuer = issuerStart.join();
            } catch (RuntimeException failedToStart) {
                // nothing to close
            }
        }
        if (issuer != null) {
            issuer.close();
            issuer = null;
        }
        if (servers != null) {
            servers.close();
            servers = null;
        }
    }

    static Options parse(String[] args) {
        var root =
                Path.of(System.getProperty("ocop.root", ".")).toAbsolutePath().normalize();
        var user = System.getProperty("user.name");
        Path data = Path.of(System.getenv().getOrDefault("OCOP_DATA_DIR", "/var/tmp/ocop-platform-" + user));
        boolean wipe = false;
        var ports = Ports.DEFAULT;
        for (var arg : args) {
            if (arg.equals("--wipe")) {
                wipe = true;
            } else if (arg.startsWith("--data-dir=")) {
                data = Path.of(arg.substring("--data-dir=".length()));
            } else if (arg.startsWith("--base-port=")) {
                int base = Integer.parseInt(arg.substring("--base-port=".length()));
                ports = new Ports(base, base + 1, base + 2, base + 3, base + 4, base + 5, base + 6, base + 7);
            } else {
                throw new IllegalArgumentException("Unknown option " + arg
                        + " (known: --wipe, --data-dir=PATH, --base-port=N for eight ports from N)");
            }
        }
        return new Options(root, data.toAbsolutePath(), ports, wipe);
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (var path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
