package vn.ocop.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.util.function.SingletonSupplier;
import vn.ocop.events.Topics;
import vn.ocop.events.UnreadableEvent;

/** Wires the outbox, its relay, the processed-event ledger and the consumers' dead-letter handling. */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"
        })
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingAutoConfiguration {

    @Bean
    OutboxRelay outboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            KafkaTemplate<String, String> kafka,
            MessagingProperties properties) {
        return new OutboxRelay(jdbc, transactions, kafka, properties);
    }

    @Bean
    Outbox outbox(JdbcClient jdbc, OutboxRelay relay, ObjectProvider<Tracer> tracers) {
        return new Outbox(jdbc, traceparent(tracers), relay::wakeUp);
    }

    /**
     * The platform's topics and their dead-letter companions, which the service creates when it starts
     * where they are missing (existing topics are left as they are). Partitions and replicas are the
     * cluster's defaults; the topics of whole states are compacted ({@link Topics#COMPACTED}), and a
     * dead-letter topic keeps its records {@code ocop.messaging.topics.dead-letter-retention}. Declared by
     * every service, so that whichever starts first on a new cluster makes them all, and a consumer's
     * first dead letter finds its topic where the brokers create none of their own.
     */
    @Bean
    @ConditionalOnProperty(name = "ocop.messaging.topics.declare", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics platformTopics(MessagingProperties properties) {
        var retention = String.valueOf(properties.topics().deadLetterRetention().toMillis());
        var topics = new ArrayList<NewTopic>();
        for (var topic : Topics.ALL) {
            var builder = TopicBuilder.name(topic);
            if (Topics.COMPACTED.contains(topic)) {
                builder.compact();
            }
            topics.add(builder.build());
            topics.add(TopicBuilder.name(Topics.deadLetter(topic))
                    .config(TopicConfig.RETENTION_MS_CONFIG, retention)
                    .build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Bean("kafka")
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
        return new KafkaHealthIndicator(admin);
    }

    @Bean
    ProcessedEvents processedEvents(JdbcClient jdbc) {
        return new ProcessedEvents(jdbc);
    }

    @Bean
    EventBatches eventBatches(TransactionTemplate transactions, ProcessedEvents processed) {
        return new EventBatches(transactions, processed);
    }

    /** Every producer of the platform is idempotent and waits for all in-sync replicas. */
    @Bean
    DefaultKafkaProducerFactoryCustomizer durableProducer() {
        return factory -> factory.updateConfigs(Map.of(
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                5));
    }

    /**
     * A record that fails is retried a few times; then, or at once when it can never be read, it is
     * published to {@code <topic>.dlt} and the consumer moves on to the next record. A record that fails
     * because a server is away ({@link Outages}) is not the record's fault: the consumer tries it again,
     * pausing longer each time up to a limit, until the server is back, and dead-letters nothing meanwhile.
     */
    @Bean
    DefaultErrorHandler deadLetterErrorHandler(
            KafkaTemplate<String, String> kafka, MessagingProperties properties, ConsumerMeters meters) {
        var recoverer = new DeadLetterPublishingRecoverer(
                kafka, (record, failure) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
        var consumer = properties.consumer();
        var backOff = new FixedBackOff(consumer.retryInterval().toMillis(), consumer.retries());
        var outage = new ExponentialBackOff(consumer.outageFirstPause().toMillis(), 2.0);
        outage.setMaxInterval(consumer.outageLongestPause().toMillis());
        outage.setMaxElapsedTime(Long.MAX_VALUE);
        outage.setMaxAttempts(Long.MAX_VALUE);
        var handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(UnreadableEvent.class);
        // A record's tries start afresh, with the pauses its new failure calls for, when that failure is not of
        // the class of the one before: from an outage to a fault of the record found once the server is back,
        // say. EventBatches reports the two as unrelated classes so that this holds for the batch consumers;
        // on the others it holds unless the new failure's class is a superclass of the old one's.
        handler.setResetStateOnExceptionChange(true);
        handler.setBackOffFunction((record, failure) -> Outages.isOutage(failure) ? outage : null);
        handler.setRetryListeners(new OutageLog(), meters);
        return handler;
    }

    /**
     * The consumers' outage waits and dead letters as metrics. Spring Boot gives this one bean to every
     * listener container as its record interceptor, batch interceptor and rebalance listener, which is how it
     * sees a record that waited get through.
     */
    @Bean
    ConsumerMeters consumerMeters(ObjectProvider<MeterRegistry> registries) {
        return new ConsumerMeters(registries.getIfAvailable(() -> Metrics.globalRegistry), Clock.systemUTC());
    }

    /** The W3C traceparent of the span the change runs in, so that consumers continue its trace. */
    private static Supplier<Optional<String>> traceparent(ObjectProvider<Tracer> tracers) {
        // Looked up once, at the first event: a lookup per event cost a few percent of a checkout.
        var tracer = SingletonSupplier.of(tracers::getIfAvailable);
        return () -> Optional.ofNullable(tracer.get())
                .map(Tracer::currentSpan)
                .map(span -> span.context())
                .map(context -> "00-" + context.traceId() + "-" + context.spanId() + "-"
                        + (Boolean.TRUE.equals(context.sampled()) ? "01" : "00"));
    }
}
