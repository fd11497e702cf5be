package vn.ocop.catalog.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaAdmin;
import vn.ocop.catalog.CatalogApplication;
import vn.ocop.events.CloudEventHeaders;
import vn.ocop.events.EventCodec;
import vn.ocop.events.Topics;
import vn.ocop.events.catalog.ProducerRegistered;
import vn.ocop.servers.EmbeddedServers;
import vn.ocop.testing.EventSamples;
import vn.ocop.testing.Http;
import vn.ocop.testing.KafkaRecords;
import vn.ocop.testing.LockWaits;
import vn.ocop.testing.Metrics;
import vn.ocop.testing.ServiceArguments;
import vn.ocop.testing.ServiceIntegrationTest;
import vn.ocop.testing.TestTokens;
import vn.ocop.web.Caller;
import vn.ocop.web.Role;

@ServiceIntegrationTest
class ProducerRegistrationIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    KafkaAdmin kafkaAdmin;

    private final KafkaRecords kafka =
            new KafkaRecords(EmbeddedServers.shared().addresses().kafkaBootstrapServers());

    @Test
    void registeringAProducerPublishesProducerRegisteredAsTheContractSays() throws IOException {
        var response = new Http(port).post("/api/producers", TestTokens.admin(), request("0101234567"));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        var id = response.json().get("id").asString();
        var records = kafka.await(Topics.CATALOG_PRODUCERS, r -> id.equals(r.key()), 1, Duration.ofSeconds(20));
        assertThat(records).hasSize(1);
        var record = records.getFirst();
        assertThat(KafkaRecords.header(record, CloudEventHeaders.TYPE))
                .isEqualTo("vn.ocop.catalog.ProducerRegistered.v1");
        assertThat(KafkaRecords.header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(KafkaRecords.header(record, CloudEventHeaders.SOURCE)).isEqualTo("/catalog-service");
        assertThat(KafkaRecords.header(record, CloudEventHeaders.SUBJECT)).isEqualTo(id);
        assertThat(KafkaRecords.header(record, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");

        var event = (ProducerRegistered)
                EventCodec.read(KafkaRecords.header(record, CloudEventHeaders.TYPE), record.value());
        assertThat(event.producerId()).hasToString(id);
        assertThat(event.producerVersion()).isEqualTo(1);
        assertThat(event.name()).isEqualTo("HTX Trà Hoa Vàng Ba Chẽ (sample data)");
        assertThat(event.kind()).isEqualTo("COOPERATIVE");
        assertThat(event.commune()).isEqualTo("xã Ba Chẽ");
        assertThat(KafkaRecords.header(record, CloudEventHeaders.ID))
                .isEqualTo(event.eventId().toString());
        assertThat(EventSamples.fieldNames(record.value()))
                .isEqualTo(EventSamples.fieldNames(EventSamples.sample(ProducerRegistered.class)));
    }

    @Test
    void theRequestsTraceTravelsWithTheEvent() {
        var traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var response = new Http(port)
                .post(
                        "/api/producers",
                        TestTokens.admin(),
                        request("0105555555"),
                        Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

        assertThat(response.status()).isEqualTo(201);
        var id = response.json().get("id").asString();
        var record = kafka.await(Topics.CATALOG_PRODUCERS, r -> id.equals(r.key()), 1, Duration.ofSeconds(20))
                .getFirst();
        assertThat(KafkaRecords.header(record, CloudEventHeaders.TRACEPARENT)).startsWith("00-" + traceId + "-");
    }

    @Test
    void publishesItsApiDescription() {
        var response = new Http(port).get("/v3/api-docs", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("paths").has("/api/producers")).isTrue();
    }

    @Test
    void anEventCommittedBeforeACrashIsPublishedAfterRestart() {
        // The crashing and restarted services consume nothing the test's service does: their listeners
        // would share its groups and take its events (orders to reserve stock for) into another database.
        var arguments = ServiceArguments.withDatabase(
                "catalog_crash",
                Map.of(
                        "spring.kafka.listener.auto-startup",
                        "false",
                        "ocop.catalog.search.consumer-group",
                        "catalog-crash-test.search"));

        UUID id;
        try (var crashing = new SpringApplicationBuilder(CatalogApplication.class)
                .properties(Map.of("ocop.messaging.relay.enabled", "false"))
                .initializers(new TestTokens.Initializer())
                .run(arguments)) {
            var admin = new Caller("admin", Set.of(Role.ADMIN), java.util.Optional.empty());
            id = crashing.getBean(Producers.class)
                    .register(
                            new RegisterProducerRequest(
                                    "HTX Miến Dong Bình Liêu (sample data)",
                                    ProducerKind.COOPERATIVE,
                                    "0209876543",
                                    new RegisterProducerRequest.Address("Quảng Ninh", "xã Bình Liêu", null, null, null),
                                    "0912345678"),
                            admin)
                    .id();
            var pending = crashing.getBean(JdbcClient.class)
                    .sql("select count(*) from outbox_event where record_key = ?")
                    .param(id.toString())
                    .query(Long.class)
                    .single();
            assertThat(pending)
                    .as("event stored with the change, not yet relayed")
                    .isEqualTo(1);
        }
        var key = id.toString();
        assertThat(kafka.await(Topics.CATALOG_PRODUCERS, r -> key.equals(r.key()), 1, Duration.ofSeconds(2)))
                .as("nothing published before the restart")
                .isEmpty();

        try (var restarted = new SpringApplicationBuilder(CatalogApplication.class)
                .initializers(new TestTokens.Initializer())
                .run(arguments)) {
            assertThat(kafka.await(Topics.CATALOG_PRODUCERS, r -> key.equals(r.key()), 1, Duration.ofSeconds(20)))
                    .hasSize(1);
        }
    }

    @Test
    void theServiceDeclaresThePlatformsTopicsOnABrokerThatMakesNoneOfItsOwn() throws Exception {
        try (var admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                EmbeddedServers.shared().addresses().kafkaBootstrapServers()))) {
            var names = admin.listTopics().names().get();
            for (var topic : Topics.ALL) {
                assertThat(names).contains(topic, Topics.deadLetter(topic));
            }
            var resources = Map.of(
                    Topics.CATALOG_PRODUCTS,
                    new ConfigResource(ConfigResource.Type.TOPIC, Topics.CATALOG_PRODUCTS),
                    Topics.ORDERS,
                    new ConfigResource(ConfigResource.Type.TOPIC, Topics.ORDERS),
                    "dead letters",
                    new ConfigResource(ConfigResource.Type.TOPIC, Topics.deadLetter(Topics.CATALOG_STOCK)));
            var configs = admin.describeConfigs(resources.values()).all().get();

            assertThat(configs.get(resources.get(Topics.CATALOG_PRODUCTS))
                            .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                            .value())
                    .as("a product's newest state is kept however old")
                    .isEqualTo("compact");
            assertThat(configs.get(resources.get(Topics.ORDERS))
                            .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                            .value())
                    .isEqualTo("delete");
            assertThat(configs.get(resources.get("dead letters"))
                            .get(TopicConfig.RETENTION_MS_CONFIG)
                            .value())
                    .isEqualTo(String.valueOf(Duration.ofDays(30).toMillis()));

            // A topic made before with other settings (a producers' topic with deletion, say) is brought to the
            // platform's when a service starts and declares it.
            var producers = new ConfigResource(ConfigResource.Type.TOPIC, Topics.CATALOG_PRODUCERS);
            admin.incrementalAlterConfigs(Map.of(
                            producers,
                            List.of(new AlterConfigOp(
                                    new ConfigEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "delete"),
                                    AlterConfigOp.OpType.SET))))
                    .all()
                    .get();
            assertThat(policy(admin, producers)).isEqualTo("delete");
            kafkaAdmin.initialize();
            assertThat(policy(admin, producers)).isEqualTo("compact");
        }
    }

    private static String policy(Admin admin, ConfigResource topic) throws Exception {
        return admin.describeConfigs(List.of(topic))
                .all()
                .get()
                .get(topic)
                .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                .value();
    }

    @Test
    void anEventKafkaWillNotAcceptHoldsBackOnlyItsOwnAggregate() {
        var stuck = UUID.randomUUID().toString();
        var other = UUID.randomUUID().toString();
        // Over the producer's 1 MB max.request.size: Kafka never takes it.
        outbox(stuck, "{\"pad\": \"" + "x".repeat(1_200_000) + "\"}");
        outbox(stuck, "{\"after\": \"the one too large\"}");
        outbox(other, "{\"unrelated\": true}");
        try {
            var relayed = kafka.await(Topics.CATALOG_PRODUCERS, r -> other.equals(r.key()), 1, Duration.ofSeconds(20));
            assertThat(relayed).as("the other aggregate's event goes on").hasSize(1);
            // Its batch is done once its row is gone: whatever that batch sent is on the topic by then.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> jdbc.sql("select count(*) from outbox_event where record_key = ?")
                                    .param(other)
                                    .query(Long.class)
                                    .single()
                            == 0);
            assertThat(kafka.readAll(Topics.CATALOG_PRODUCERS, r -> stuck.equals(r.key())))
                    .as("neither the event too large nor the one behind it, which may not overtake it")
                    .isEmpty();
            assertThat(jdbc.sql("select count(*) from outbox_event where record_key = ?")
                            .param(stuck)
                            .query(Long.class)
                            .single())
                    .as("both kept in the outbox, to be dealt with by hand")
                    .isEqualTo(2);
        } finally {
            jdbc.sql("delete from outbox_event where record_key = ?")
                    .param(stuck)
                    .update();
        }
    }

    private void outbox(String key, String payload) {
        jdbc.sql(
                        """
                        insert into outbox_event (event_id, topic, record_key, event_type, payload, occurred_at)
                        values (?, ?, ?, 'vn.ocop.catalog.SampleForTheRelay.v1', ?, now())
                        """)
                .params(UUID.randomUUID(), Topics.CATALOG_PRODUCERS, key, payload)
                .update();
    }

    @Test
    void refusesARequestWithoutATokenAsAProblem() {
        var response = new Http(port).post("/api/producers", null, request("0101111111"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("urn:ocop:problem:unauthenticated");
        assertThat(response.json().get("status").asInt()).isEqualTo(401);
    }

    @Test
    void refusesAnExpiredTokenAsAProblem() {
        var response = new Http(port).post("/api/producers", TestTokens.expired(), request("0101111112"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void refusesATokenFromAnotherIssuerOrForAnotherApplication() {
        var http = new Http(port);
        for (var token : List.of(
                TestTokens.adminIssuedBy("https://issuer.elsewhere.test"),
                TestTokens.adminFor(List.of("ocop-ke-toan")),
                TestTokens.adminFor(List.of()))) {
            var response = http.post("/api/producers", token, request("0101111115"));

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(count("0101111115")).isZero();
        }
        // A token meant for the platform among other applications is the platform's too.
        assertThat(http.post(
                                "/api/producers",
                                TestTokens.adminFor(List.of("ocop-ke-toan", TestTokens.AUDIENCE)),
                                request("0101111115"))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void refusesAShopperRegisteringAProducerAsAProblem() {
        var response = new Http(port).post("/api/producers", TestTokens.shopper(), request("0101111113"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("urn:ocop:problem:forbidden");
        assertThat(count("0101111113")).isZero();
    }

    @Test
    void aMonitoringAccountReadsTheMetricsAndNothingElse() {
        var http = new Http(port);
        assertThat(http.get("/api/producers", null).status()).isEqualTo(200);
        var page = new Metrics(port).scrape();
        assertThat(page)
                .contains("ocop_consumer_outage_wait_seconds ")
                .contains("http_server_requests_seconds_count{")
                .contains("hikaricp_connections_active");
        assertThat(http.get("/actuator/prometheus", TestTokens.admin()).status())
                .isEqualTo(200);
        assertThat(http.get("/actuator/prometheus", TestTokens.shopper()).status())
                .isEqualTo(403);
        assertThat(http.get("/actuator/prometheus", null).status()).isEqualTo(401);

        // Signed in, but as monitoring: not someone who may register a producer.
        var selfRegistration =
                http.post("/api/producers/self-registrations", TestTokens.monitoring(), request("0101111114"));
        assertThat(selfRegistration.status()).as(selfRegistration.body()).isEqualTo(403);
        assertThat(count("0101111114")).isZero();
        assertThat(http.post("/api/producers", TestTokens.monitoring(), request("0101111114"))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void refusesAShopperBeforeReadingTheBody() {
        var response = new Http(port).post("/api/producers", TestTokens.shopper(), "{\"taxCode\": \"bad\"}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).doesNotContain("taxCode");
    }

    @Test
    void namesTheFieldThatIsWrong() {
        var response = new Http(port).post("/api/producers", TestTokens.admin(), request("12345"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("field")).as(response.body()).isNotNull();
        assertThat(response.json().get("field").asString()).isEqualTo("taxCode");
        assertThat(response.json().get("errors").get(0).get("reason").asString())
                .contains("10 digits");
    }

    @Test
    void aHouseholdBusinessRegistersUnderItsOwnersTwelveDigitIdentificationNumber() {
        var http = new Http(port);
        var personalNumber = String.valueOf(
                java.util.concurrent.ThreadLocalRandom.current().nextLong(100_000_000_000L, 1_000_000_000_000L));
        var household = new java.util.HashMap<>(request(personalNumber));
        household.put("kind", "HOUSEHOLD_BUSINESS");

        var created = http.post("/api/producers", TestTokens.admin(), household);
        var elevenDigits = http.post("/api/producers", TestTokens.admin(), request("01234567890"));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(http.get("/api/producers?taxCode=" + personalNumber, TestTokens.admin())
                        .json()
                        .get(0)
                        .get("id")
                        .asString())
                .isEqualTo(created.json().get("id").asString());
        assertThat(elevenDigits.status()).isEqualTo(400);
        assertThat(elevenDigits.json().get("errors").get(0).get("reason").asString())
                .contains("12-digit personal identification number");
    }

    @Test
    void refusesMalformedJsonAsAProblemWithoutStoringAnything() {
        long before =
                jdbc.sql("select count(*) from producer").query(Long.class).single();

        var response = new Http(port).post("/api/producers", TestTokens.admin(), "{\"name\": ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(jdbc.sql("select count(*) from producer").query(Long.class).single())
                .isEqualTo(before);
    }

    @Test
    void theProvinceIsKeptUnderItsOneNameAndAProvinceThatNoLongerExistsIsRefusedSayingWhere() {
        var http = new Http(port);
        var typed = withProvince(request("0108888881"), "tinh quang ninh");
        var registered = http.post("/api/producers", TestTokens.admin(), typed);
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        var id = registered.json().get("id").asString();
        assertThat(registered.json().get("address").get("province").asString()).isEqualTo("Quảng Ninh");
        var event = (ProducerRegistered)
                kafka.await(Topics.CATALOG_PRODUCERS, r -> id.equals(r.key()), 1, Duration.ofSeconds(20)).stream()
                        .map(r -> EventCodec.read(KafkaRecords.header(r, CloudEventHeaders.TYPE), r.value()))
                        .findFirst()
                        .orElseThrow();
        assertThat(event.province()).isEqualTo("Quảng Ninh");

        for (var refused : Map.of(
                        "Bắc Giang", "Bắc Giang has been part of Bắc Ninh since 1 July 2025",
                        "huyện Đầm Hà", "names no province or centrally-run city of Vietnam (the 34 since 1 July 2025)")
                .entrySet()) {
            var response = http.post(
                    "/api/producers", TestTokens.admin(), withProvince(request("0108888882"), refused.getKey()));
            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.json().get("field").asString()).isEqualTo("address.province");
            assertThat(response.json().get("detail").asString()).isEqualTo(refused.getValue());
        }
        assertThat(count("0108888882")).isZero();
    }

    @Test
    void refusesASecondProducerWithTheSameTaxCode() {
        var http = new Http(port);
        assertThat(http.post("/api/producers", TestTokens.admin(), request("0107777777"))
                        .status())
                .isEqualTo(201);

        var again = http.post("/api/producers", TestTokens.admin(), request("0107777777"));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("field").asString()).isEqualTo("taxCode");
        assertThat(count("0107777777")).isEqualTo(1);
    }

    @Test
    void theOfficeRejectsARegistrationThatClaimsSomeoneElsesTaxCodeAndTheTaxCodeIsFreeAgain() {
        var http = new Http(port);
        var taxCode = "0106666666";
        var claimed = http.post("/api/producers/self-registrations", TestTokens.shopper(), request(taxCode));
        assertThat(claimed.status()).as(claimed.body()).isEqualTo(201);
        var claimant = claimed.json().get("id").asString();
        var blocked = http.post("/api/producers", TestTokens.admin(), request(taxCode));
        assertThat(blocked.status()).isEqualTo(409);
        assertThat(blocked.json().get("type").asString()).isEqualTo("urn:ocop:problem:duplicate-tax-code");

        var byShopper = http.post(
                "/api/producers/" + claimant + "/rejection",
                TestTokens.shopper(),
                Map.of("reason", "Not the holder of this tax code"));
        var withoutReason =
                http.post("/api/producers/" + claimant + "/rejection", TestTokens.admin(), Map.of("reason", " "));
        var rejected = http.post(
                "/api/producers/" + claimant + "/rejection",
                TestTokens.admin(),
                Map.of("reason", "Tax code 0106666666 belongs to another cooperative (sample data)"));

        assertThat(byShopper.status()).isEqualTo(403);
        assertThat(withoutReason.status()).isEqualTo(400);
        assertThat(withoutReason.json().get("field").asString()).isEqualTo("reason");
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        assertThat(rejected.json().get("verified").asBoolean()).isFalse();
        assertThat(rejected.json().get("rejection").get("reason").asString())
                .isEqualTo("Tax code 0106666666 belongs to another cooperative (sample data)");
        assertThat(rejected.json().get("version").asLong()).isEqualTo(2);
        assertThat(http.post(
                                "/api/producers/" + claimant + "/rejection",
                                TestTokens.admin(),
                                Map.of("reason", "Tax code 0106666666 belongs to another cooperative (sample data)"))
                        .status())
                .as("the same rejection again")
                .isEqualTo(200);
        assertThat(http.post(
                                "/api/producers/" + claimant + "/rejection",
                                TestTokens.admin(),
                                Map.of("reason", "Another reason (sample data)"))
                        .json()
                        .get("type")
                        .asString())
                .isEqualTo("urn:ocop:problem:producer-rejected");
        assertThat(http.post("/api/producers/" + claimant + "/verification", TestTokens.admin(), Map.of())
                        .json()
                        .get("type")
                        .asString())
                .isEqualTo("urn:ocop:problem:producer-rejected");

        var holder = http.post("/api/producers", TestTokens.admin(), request(taxCode));
        assertThat(holder.status()).as(holder.body()).isEqualTo(201);
        var holderId = holder.json().get("id").asString();
        var rejectVerified =
                http.post("/api/producers/" + holderId + "/rejection", TestTokens.admin(), Map.of("reason", "x"));
        assertThat(rejectVerified.status()).isEqualTo(409);
        assertThat(rejectVerified.json().get("type").asString()).isEqualTo("urn:ocop:problem:producer-verified");
        assertThat(http.post("/api/producers", TestTokens.admin(), request(taxCode))
                        .status())
                .as("the tax code is held again")
                .isEqualTo(409);

        var office = http.get("/api/producers?taxCode=" + taxCode, TestTokens.admin())
                .json();
        assertThat(office).hasSize(2);
        assertThat(office.get(0).get("id").asString()).as("the holder first").isEqualTo(holderId);
        assertThat(office.get(1).get("id").asString()).isEqualTo(claimant);
        var anyone = http.get("/api/producers?taxCode=" + taxCode, null).json();
        assertThat(anyone).hasSize(1);
        assertThat(anyone.get(0).get("id").asString()).isEqualTo(holderId);
        var records = kafka.await(Topics.CATALOG_PRODUCERS, r -> claimant.equals(r.key()), 2, Duration.ofSeconds(20));
        assertThat(records).hasSize(2);
    }

    @Test
    void aTaxCodeRegisteredWhileThisRegistrationWaitedIsADuplicateNamingIt() throws Exception {
        var taxCode = "0106666667";
        var pool = Executors.newSingleThreadExecutor();
        try (var other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (var insert = other.prepareStatement(
                    """
                    insert into producer (id, version, name, kind, tax_code, province, commune, phone, verified,
                                          registered_at)
                    values (gen_random_uuid(), 1, 'HTX Cùng Lúc (sample data)', 'COOPERATIVE', ?, 'Quảng Ninh',
                            'xã Ba Chẽ', '0203123456', true, now())
                    """)) {
                insert.setString(1, taxCode);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            var registration =
                    pool.submit(() -> new Http(port).post("/api/producers", TestTokens.admin(), request(taxCode)));
            LockWaits.await(dataSource, 1, registration);
            other.commit();

            var response = registration.get(30, TimeUnit.SECONDS);
            assertThat(response.status()).as(response.body()).isEqualTo(409);
            assertThat(response.json().get("type").asString()).isEqualTo("urn:ocop:problem:duplicate-tax-code");
            assertThat(response.json().get("field").asString()).isEqualTo("taxCode");
        } finally {
            pool.shutdownNow();
        }
        assertThat(count(taxCode)).isEqualTo(1);
    }

    @Test
    void anyoneMayReadAProducerWithoutAToken() {
        var http = new Http(port);
        var id = http.post("/api/producers", TestTokens.admin(), request("0108888888"))
                .json()
                .get("id")
                .asString();

        var response = http.get("/api/producers/" + id, null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("address").get("province").asString()).isEqualTo("Quảng Ninh");
        assertThat(http.get("/api/producers/" + UUID.randomUUID(), null).status())
                .isEqualTo(404);
    }

    private long count(String taxCode) {
        return jdbc.sql("select count(*) from producer where tax_code = ?")
                .param(taxCode)
                .query(Long.class)
                .single();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withProvince(Map<String, Object> request, String province) {
        var changed = new java.util.HashMap<>(request);
        var address = new java.util.HashMap<>((Map<String, Object>) request.get("address"));
        address.put("province", province);
        changed.put("address", address);
        return changed;
    }

    private static Map<String, Object> request(String taxCode) {
        return Map.of(
                "name", "HTX Trà Hoa Vàng Ba Chẽ (sample data)",
                "kind", "COOPERATIVE",
                "taxCode", taxCode,
                "address",
                        Map.of(
                                "province", "Quảng Ninh",
                                "commune", "xã Ba Chẽ",
                                "legacyDistrict", "huyện Ba Chẽ",
                                "location", Map.of("latitude", 21.2717, "longitude", 107.2891)),
                "phone", "0203123456");
    }
}
