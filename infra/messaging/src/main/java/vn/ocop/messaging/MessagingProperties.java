package vn.ocop.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the outbox relay and of the consumers' dead-letter handling.
 *
 * @param source the CloudEvents {@code source} of events this service publishes, e.g. {@code /catalog-service}
 * @param relay how the outbox is relayed to Kafka
 * @param consumer how failed records are retried before they go to the dead-letter topic
 * @param topics how the platform's topics are declared where they are missing
 */
@ConfigurationProperties("ocop.messaging")
public record MessagingProperties(
        @DefaultValue("/ocop") String source,
        @DefaultValue Relay relay,
        @DefaultValue Consumer consumer,
        @DefaultValue TopicSettings topics) {

    /**
     * @param declare whether the service creates the platform's topics that are missing when it
     *     starts (off where a cluster's topics are made by its operators only)
     * @param deadLetterRetention how long a dead-letter topic keeps a record: long enough for someone
     *     to look into it after a holiday
     */
    public record TopicSettings(
            @DefaultValue("true") boolean declare, @DefaultValue("30d") Duration deadLetterRetention) {}

    /**
     * @param enabled whether this instance relays the outbox (off only to inspect the outbox, or in tests)
     * @param pollInterval how often the relay looks for events it was not woken for
     * @param batchSize how many events one relay transaction sends at most
     * @param sendTimeout how long the relay waits for Kafka to acknowledge a batch
     */
    public record Relay(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("500ms") Duration pollInterval,
            @DefaultValue("500") int batchSize,
            @DefaultValue("30s") Duration sendTimeout) {}

    /**
     * @param retries how often (at least once) a record that failed on its own account is tried again before it goes to the
     *     dead-letter topic
     * @param retryInterval the pause between those tries
     * @param outageFirstPause the pause after the first failure caused by an outage (see {@link Outages}); such
     *     a record is tried again without end, each pause twice the one before
     * @param outageLongestPause the longest pause between tries during an outage: how long the consumer may
     *     take to notice that the server is back. Well under Kafka's {@code max.poll.interval.ms}, as the
     *     consumer does not poll while it pauses.
     */
    public record Consumer(
            @DefaultValue("2") int retries,
            @DefaultValue("500ms") Duration retryInterval,
            @DefaultValue("500ms") Duration outageFirstPause,
            @DefaultValue("15s") Duration outageLongestPause) {

        public Consumer {
            // With no retries the error handler dead-letters a failed record before it asks which pause
            // applies, so an outage would be dead-lettered too.
            if (retries < 1) {
                throw new IllegalArgumentException("ocop.messaging.consumer.retries must be at least 1: " + retries);
            }
        }
    }
}
