package vn.ocop.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The four servers start without Docker, answer as the real thing, and listen on loopback only. */
class EmbeddedServersIntegrationTests {

    private static ServerAddresses addresses;

    @BeforeAll
    static void startServers() {
        addresses = EmbeddedServers.shared().addresses();
    }

    @Test
    void kafkaDeliversARecordFromProducerToConsumer() throws Exception {
        var topic = "servers-check";
        // The broker creates no topic of its own accord, as on a cluster whose topics are made deliberately.
        try (var admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, addresses.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
                    .all()
                    .get();
        }
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                addresses.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "k", "Chả mực Hạ Long")).get();
        }
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                addresses.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "servers-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            var values = new java.util.ArrayList<String>();
            var deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
            assertThat(values).containsExactly("Chả mực Hạ Long");
        }
    }

    @Test
    void elasticsearchFoldsVietnameseDiacriticsIncludingDWithStroke() throws Exception {
        var body =
                """
                {"tokenizer":"standard","filter":["lowercase","asciifolding"],"text":"Mật ong Hạ Long, Đầm Hà"}
                """;
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(addresses.elasticsearchUri() + "/_analyze"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        var tokens = EventTokens.of(response.body());
        assertThat(tokens).containsExactly("mat", "ong", "ha", "long", "dam", "ha");
    }

    @Test
    void s3StoresAndReturnsAnObjectThroughTheMinioSdk() throws Exception {
        var minio = MinioClient.builder()
                .endpoint(addresses.s3Endpoint())
                .credentials(addresses.s3AccessKey(), addresses.s3SecretKey())
                .build();
        var bytes = "nhãn QR mẫu".getBytes(StandardCharsets.UTF_8);

        minio.putObject(PutObjectArgs.builder().bucket("ocop-labels").object("check/label.txt").stream(
                        new ByteArrayInputStream(bytes), (long) bytes.length, -1L)
                .build());
        try (var object = minio.getObject(GetObjectArgs.builder()
                .bucket("ocop-labels")
                .object("check/label.txt")
                .build())) {
            assertThat(object.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void postgresIsVersion18AndGivesEachServiceItsOwnDatabase() throws Exception {
        EmbeddedServers.shared().createDatabase("servers_check");
        EmbeddedServers.shared().createDatabase("servers_check");

        try (var connection =
                        DriverManager.getConnection(addresses.jdbcUrl("servers_check"), addresses.postgresUser(), "");
                var result = connection.createStatement().executeQuery("show server_version_num")) {
            result.next();
            assertThat(result.getInt(1)).isBetween(180000, 189999);
        }
    }

    @Test
    void everyServerListensOnLoopbackOnly() throws Exception {
        var ports = Set.of(
                port(addresses.kafkaBootstrapServers()),
                URI.create(addresses.elasticsearchUri()).getPort(),
                URI.create(addresses.s3Endpoint()).getPort(),
                port(addresses.postgresHostPort()));

        var listening = listeningSockets();

        for (var port : ports) {
            assertThat(listening.get(port))
                    .as("addresses listening on port %d", port)
                    .isNotEmpty()
                    .allMatch("127.0.0.1"::equals);
        }
    }

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    /** Listening TCP sockets by port, with the local addresses they are bound to (from /proc/net). */
    private static Map<Integer, List<String>> listeningSockets() throws Exception {
        var sockets = new java.util.ArrayList<String[]>();
        for (var table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (var line : Files.readAllLines(Path.of(table))
                    .subList(1, Files.readAllLines(Path.of(table)).size())) {
                var fields = line.trim().split("\\s+");
                if (fields[3].equals("0A")) {
                    sockets.add(fields[1].split(":"));
                }
            }
        }
        return sockets.stream()
                .collect(Collectors.groupingBy(
                        local -> Integer.parseInt(local[1], 16),
                        Collectors.mapping(local -> address(local[0]), Collectors.toList())));
    }

    private static String address(String hex) {
        if (hex.length() == 32 && hex.startsWith("0000000000000000FFFF0000")) {
            return address(hex.substring(24)); // an IPv4-mapped IPv6 address
        }
        if (hex.length() != 8) {
            return hex.equals("00000000000000000000000001000000") ? "::1" : "ipv6:" + hex;
        }
        return Integer.parseInt(hex.substring(6, 8), 16) + "." + Integer.parseInt(hex.substring(4, 6), 16) + "."
                + Integer.parseInt(hex.substring(2, 4), 16) + "." + Integer.parseInt(hex.substring(0, 2), 16);
    }

    /** The token strings of an {@code _analyze} response. */
    private static final class EventTokens {
        static List<String> of(String json) {
            var matcher =
                    java.util.regex.Pattern.compile("\"token\":\"([^\"]*)\"").matcher(json);
            var tokens = new java.util.ArrayList<String>();
            while (matcher.find()) {
                tokens.add(matcher.group(1));
            }
            return tokens;
        }
    }
}
