package vn.ocop.trace;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import vn.ocop.testing.HostileRequests;
import vn.ocop.testing.ServiceIntegrationTest;

/**
 * Every endpoint of the trace service, the Digital Link resolver included, sent malformed and hostile
 * input by each kind of caller, on the real servers: each answer is a problem, never a 500, and no
 * batch, package, event or scan is stored.
 */
@ServiceIntegrationTest
class HostileRequestsIntegrationTests {

    private static final String[] TABLES = {
        "batch", "package", "package_job", "trace_event", "batch_input", "batch_document", "package_scan"
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
                .contains("/01/**", "/api/batches", "/api/batches/{id}/documents", "/api/packages/{serial}/qr.png");
        var stored = HostileRequests.rows(database, TABLES);

        var faults = sweep.faults();

        assertThat(sweep.sent()).isGreaterThan(1_000);
        assertThat(faults).isEmpty();
        assertThat(HostileRequests.rows(database, TABLES)).isEqualTo(stored);
    }
}
