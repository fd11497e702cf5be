package vn.ocop.order;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import vn.ocop.testing.HostileRequests;

/**
 * Every endpoint of the order service, sent malformed and hostile input by each kind of caller, on the
 * real servers: each answer is a problem, never a 500, and no checkout, order or payment is stored.
 */
@OrderServiceTest
class HostileRequestsIntegrationTests {

    private static final String[] TABLES = {
        "checkout", "customer_order", "order_line", "order_state_change", "payment_notification", "order_recall"
    };

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
                .contains("/api/checkouts", "/api/orders/{id}/cancellation", "/api/payments/notifications");
        var stored = HostileRequests.rows(database, TABLES);

        var faults = sweep.faults();

        assertThat(sweep.sent()).isGreaterThan(1_000);
        assertThat(faults).isEmpty();
        assertThat(HostileRequests.rows(database, TABLES)).isEqualTo(stored);
    }
}
