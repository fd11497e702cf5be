package vn.ocop.messaging;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;

/** Up when the Kafka cluster answers a describe-cluster request within a few seconds. */
class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final KafkaAdmin admin;
    private volatile AdminClient client;

    KafkaHealthIndicator(KafkaAdmin admin) {
        super("Kafka is not reachable");
        this.admin = admin;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        var cluster = client().describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
        builder.up()
                .withDetail("clusterId", cluster.clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .withDetail(
                        "nodes",
                        cluster.nodes()
                                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                                .size());
    }

    /** One client for every probe, made on the first one. */
    private AdminClient client() {
        var current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = AdminClient.create(admin.getConfigurationProperties());
                }
                current = client;
            }
        }
        return current;
    }

    @Override
    public void destroy() {
        var current = client;
        if (current != null) {
            current.close(TIMEOUT);
        }
    }
}
