package vn.ocop.catalog.search;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

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
}
