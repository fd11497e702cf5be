package vn.ocop.servers;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft: broker and controller in one) in this JVM, listening on 127.0.0.1
 * only. Its log directory is formatted on first start and reused afterwards.
 */
final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private KafkaBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /** @param port the client port, or 0 for a free one */
    static KafkaBroker start(Path logDirectory, int port) throws Exception {
        var started = Instant.now();
        Files.createDirectories(logDirectory);
        int clientPort = port == 0 ? LoopbackPorts.single() : port;
        int controllerPort = LoopbackPorts.single();
        var dir = logDirectory.toAbsolutePath().toString();

        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(clusterId(logDirectory))
                .setDirectories(List.of(dir))
                .setMetadataLogDirectory(dir)
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setControllerListenerName("CONTROLLER")
                .setIgnoreFormatted(true)
                .run();

        var properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", String.valueOf(NODE_ID));
        properties.put("controller.quorum.voters", NODE_ID + "@" + Host.LOOPBACK + ":" + controllerPort);
        properties.put(
                "listeners",
                "PLAINTEXT://" + Host.LOOPBACK + ":" + clientPort + ",CONTROLLER://" + Host.LOOPBACK + ":"
                        + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://" + Host.LOOPBACK + ":" + clientPort);
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("log.dirs", dir);
        properties.put("num.partitions", "3");
        // As on a cluster whose topics are made deliberately: the services declare theirs when they start.
        properties.put("auto.create.topics.enable", "false");
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "5");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("transaction.state.log.num.partitions", "5");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));

        var server = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
        server.startup();
        var bootstrap = Host.LOOPBACK + ":" + clientPort;
        log.info(
                "Kafka ready on {} in {} ms",
                bootstrap,
                Duration.between(started, Instant.now()).toMillis());
        return new KafkaBroker(server, bootstrap);
    }

    /** The cluster id a formatted log directory already has (the local platform keeps its data), or a new one. */
    private static String clusterId(Path logDirectory) throws java.io.IOException {
        var meta = logDirectory.resolve("meta.properties");
        if (Files.isRegularFile(meta)) {
            var properties = new Properties();
            try (var in = Files.newInputStream(meta)) {
                properties.load(in);
            }
            var existing = properties.getProperty("cluster.id");
            if (existing != null && !existing.isBlank()) {
                return existing;
            }
        }
        return Uuid.randomUuid().toString();
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
