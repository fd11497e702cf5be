package vn.ocop.catalog.search;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import vn.ocop.events.Topics;
import vn.ocop.testing.KafkaRecords;

/**
 * Waits for the search projection to consume, so that a test's clock for "visible in search" starts
 * from a running service rather than from one still creating its index and joining its group.
 */
public final class SearchProjectionReady {

    private SearchProjectionReady() {}

    public static void awaitConsuming(KafkaListenerEndpointRegistry listeners) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    var container = listeners.getListenerContainer(SearchProjection.LISTENER);
                    if (container == null || !container.isRunning()) {
                        return false;
                    }
                    var assigned = container.getAssignedPartitions();
                    return assigned != null && !assigned.isEmpty();
                });
    }

    /**
     * Waits until every event stored so far is published and the projection has handled it, so that what
     * a test then does to the index is not undone by an earlier test's late event.
     */
    public static void awaitCaughtUp(KafkaListenerEndpointRegistry listeners, JdbcClient jdbc, KafkaRecords kafka) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> jdbc.sql("select count(*) from outbox_event")
                                .query(Long.class)
                                .single()
                        == 0);
        kafka.awaitCaughtUp(group(listeners), Topics.CATALOG_PRODUCTS, Duration.ofSeconds(30));
    }

    /** The projection's consumer group. */
    public static String group(KafkaListenerEndpointRegistry listeners) {
        return listeners.getListenerContainer(SearchProjection.LISTENER).getGroupId();
    }
}
