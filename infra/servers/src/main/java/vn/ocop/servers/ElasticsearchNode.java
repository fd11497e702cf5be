package vn.ocop.servers;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Elasticsearch node from the minimal distribution zip on Maven Central, run as a child
 * process on 127.0.0.1 with the {@code asciifolding} plugin installed.
 *
 * <p>The distribution is unpacked once into a cache shared by every run; the node's data lives in
 * a directory of its own. Elasticsearch refuses root, so a root JVM runs it as an unprivileged
 * account (see {@link Host#unprivileged}).
 */
final class ElasticsearchNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ElasticsearchNode.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final String PLUGIN_RESOURCE = "asciifolding-plugin.zip";

    private final Process process;
    private final int httpPort;
    private final OrphanRegistry orphans;

    private ElasticsearchNode(Process process, int httpPort, OrphanRegistry orphans) {
        this.process = process;
        this.httpPort = httpPort;
        this.orphans = orphans;
    }

    /**
     * Starts a node whose data lives in {@code dataDirectory}; returns once the cluster is green.
     *
     * @param httpPort the HTTP port, or 0 for a free one
     */
    static ElasticsearchNode start(Path cacheDirectory, Path dataDirectory, int httpPort, OrphanRegistry orphans)
            throws IOException, InterruptedException {
        var home = install(cacheDirectory);
        int port = httpPort == 0 ? LoopbackPorts.single() : httpPort;
        Files.createDirectories(dataDirectory.resolve("data"));
        Files.createDirectories(dataDirectory.resolve("logs"));
        Files.createDirectories(dataDirectory.resolve("tmp"));
        Host.handOver(dataDirectory);

        var command = new ArrayList<String>();
        command.add(home.resolve("bin/elasticsearch").toString());
        for (var setting : List.of(
                "cluster.name=ocop",
                "node.name=ocop-node",
                "discovery.type=single-node",
                "network.host=" + Host.LOOPBACK,
                "http.port=" + port,
                "transport.port=" + LoopbackPorts.single(),
                "path.data=" + dataDirectory.resolve("data"),
                "path.logs=" + dataDirectory.resolve("logs"),
                "xpack.security.enabled=false",
                "cluster.routing.allocation.disk.threshold_enabled=false",
                "action.destructive_requires_name=false")) {
            command.add("-E");
            command.add(setting);
        }
        var builder = new ProcessBuilder(Host.unprivileged(command))
                .redirectErrorStream(true)
                .redirectOutput(dataDirectory.resolve("logs/console.log").toFile());
        var env = builder.environment();
        env.put("ES_JAVA_HOME", System.getProperty("java.home"));
        env.put("ES_JAVA_OPTS", "-Xms512m -Xmx512m -XX:-HeapDumpOnOutOfMemoryError");
        env.put("ES_TMPDIR", dataDirectory.resolve("tmp").toString());
        env.put("HOME", dataDirectory.toString());
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JAVA_HOME");

        var started = Instant.now();
        var process = builder.start();
        orphans.record("elasticsearch", process.pid(), home.getFileName().toString());
        var node = new ElasticsearchNode(process, port, orphans);
        try {
            node.awaitGreen(dataDirectory.resolve("logs/console.log"));
        } catch (RuntimeException | InterruptedException e) {
            node.close();
            throw e;
        }
        log.info(
                "Elasticsearch ready on {} in {} ms",
                node.uri(),
                Duration.between(started, Instant.now()).toMillis());
        return node;
    }

    URI uri() {
        return URI.create("http://" + Host.LOOPBACK + ":" + httpPort);
    }

    private void awaitGreen(Path consoleLog) throws InterruptedException {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        var health = HttpRequest.newBuilder(uri().resolve("/_cluster/health?wait_for_status=green&timeout=2s"))
                .timeout(Duration.ofSeconds(5))
                .build();
        var deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Elasticsearch exited with " + process.exitValue() + ":\n" + tail(consoleLog));
            }
            try {
                var response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"status\":\"green\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "Elasticsearch was not green within " + READY_TIMEOUT + ":\n" + tail(consoleLog));
    }

    @Override
    public void close() {
        OrphanRegistry.stopTree(process.toHandle(), Duration.ofSeconds(30));
        orphans.forget("elasticsearch");
    }

    /**
     * Unpacks the distribution and installs the plugin into {@code cache/elasticsearch-<version>-<plugin
     * digest>} unless that is already there. Works in a scratch directory and renames it into place, so a
     * half-finished install is never used.
     */
    private static Path install(Path cacheDirectory) throws IOException, InterruptedException {
        var build = buildProperties();
        var version = build.getProperty("elasticsearch.version");
        var distribution = Path.of(
                System.getenv().getOrDefault("OCOP_ES_DISTRIBUTION", build.getProperty("elasticsearch.distribution")));
        byte[] plugin;
        try (InputStream in = ElasticsearchNode.class.getResourceAsStream(PLUGIN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(PLUGIN_RESOURCE + " is missing from the class path");
            }
            plugin = in.readAllBytes();
        }
        var home = cacheDirectory.resolve("elasticsearch-" + version + "-" + digest(plugin));
        if (Files.isRegularFile(home.resolve(".installed"))) {
            return home;
        }
        if (!Files.isRegularFile(distribution)) {
            throw new IllegalStateException("Elasticsearch distribution not found at " + distribution
                    + "; build the project with Maven (it resolves the zip) or set OCOP_ES_DISTRIBUTION");
        }
        log.info("Installing Elasticsearch {} into {}", version, home);
        Files.createDirectories(cacheDirectory);
        var scratch = Files.createTempDirectory(cacheDirectory, "install-");
        try {
            installInto(scratch, distribution, plugin, home, version);
        } finally {
            deleteTree(scratch);
        }
        return home;
    }

    private static void installInto(Path scratch, Path distribution, byte[] plugin, Path home, String version)
            throws IOException, InterruptedException {
        unzip(distribution, scratch);
        Path unpacked;
        try (var children = Files.list(scratch)) {
            unpacked = children.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        var pluginZip = scratch.resolve(PLUGIN_RESOURCE);
        Files.write(pluginZip, plugin);
        Host.handOver(scratch);
        var install = new ProcessBuilder(Host.unprivileged(List.of(
                        unpacked.resolve("bin/elasticsearch-plugin").toString(),
                        "install",
                        "--batch",
                        pluginZip.toUri().toString())))
                .redirectErrorStream(true);
        install.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
        install.environment().remove("JAVA_TOOL_OPTIONS");
        install.environment().remove("JAVA_HOME");
        var installing = install.start();
        var output = new String(installing.getInputStream().readAllBytes());
        if (installing.waitFor() != 0) {
            throw new IllegalStateException("Installing the asciifolding plugin failed:\n" + output);
        }
        Files.writeString(unpacked.resolve(".installed"), version + "\n");
        try {
            Files.move(unpacked, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException alreadyThere) {
            if (!Files.isRegularFile(home.resolve(".installed"))) {
                throw alreadyThere;
            }
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        var executable = PosixFilePermissions.fromString("rwxr-xr-x");
        try (var in = new ZipInputStream(Files.newInputStream(zip))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                var path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("Zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                var parent = path.getParent().getFileName().toString();
                if (parent.equals("bin") || parent.equals("native")) {
                    Files.setPosixFilePermissions(path, executable);
                }
            }
        }
    }

    static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (var path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static Properties buildProperties() throws IOException {
        var properties = new Properties();
        try (InputStream in = ElasticsearchNode.class.getResourceAsStream("ocop-servers.properties")) {
            properties.load(in);
        }
        return properties;
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                    .substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path log) {
        try {
            var lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no console log: " + e.getMessage() + ")";
        }
    }
}
