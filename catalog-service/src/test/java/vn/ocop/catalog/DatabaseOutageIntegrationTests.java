package vn.ocop.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.ocop.servers.EmbeddedServers;
import vn.ocop.testing.DatabaseOutage;
import vn.ocop.testing.Http;
import vn.ocop.testing.ServiceIntegrationTest;
import vn.ocop.testing.TestTokens;

/** The catalogue while its database is away, on the real PostgreSQL: a problem to retry, not a 500, and no half-made change. */
@ServiceIntegrationTest
class DatabaseOutageIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void whileTheDatabaseIsAwayRequestsAnswer503WithRetryAfterAndNothingChanges() {
        var catalog = new CatalogFixtures(port);
        var producer = catalog.producer("HTX Trước Sự Cố (sample data)");
        var tea = catalog.listed(producer, "Trà hoa vàng Ba Chẽ (sample data)", "BEVERAGES", 200_000, 5);
        var database = jdbc.sql("select current_database()").query(String.class).single();
        var registration = Map.of(
                "name", "HTX Trong Sự Cố (sample data)",
                "kind", "COOPERATIVE",
                "taxCode", String.valueOf(ThreadLocalRandom.current().nextLong(1_000_000_000L, 10_000_000_000L)),
                "address", Map.of("province", "Quảng Ninh", "commune", "xã Ba Chẽ"),
                "phone", "0203123456");

        try (var away = DatabaseOutage.of(EmbeddedServers.shared().addresses(), database)) {
            assertRetryLater(catalog.http().get("/api/products/" + tea, null));
            assertRetryLater(catalog.http()
                    .patch("/api/products/" + tea, TestTokens.producer(producer), Map.of("priceVnd", 150_000)));
            assertRetryLater(catalog.http().post("/api/producers", TestTokens.admin(), registration));
        }

        await().atMost(Duration.ofSeconds(15))
                .ignoreExceptions()
                .until(() -> catalog.http().get("/api/products/" + tea, null).status() == 200);
        var after = catalog.http().get("/api/products/" + tea, null).json();
        assertThat(after.get("priceVnd").asLong())
                .as("the refused change was not made")
                .isEqualTo(200_000);
        assertThat(after.get("stock").asInt()).isEqualTo(5);
        // Stored half-way, the registration would now be refused as a duplicate tax code.
        var again = catalog.http().post("/api/producers", TestTokens.admin(), registration);
        assertThat(again.status()).as(again.body()).isEqualTo(201);
    }

    private static void assertRetryLater(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).endsWith("service-unavailable");
        assertThat(response.header("Retry-After")).isEqualTo("5");
    }
}
