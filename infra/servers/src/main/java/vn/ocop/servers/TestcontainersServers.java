package vn.ocop.servers;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The same four servers from their official images, for machines with Docker. PostgreSQL and Kafka
 * reach Boot through {@code @ServiceConnection}; Elasticsearch and S3, which the services configure
 * themselves, through properties.
 */
@Configuration(proxyBeanMethods = false)
public class TestcontainersServers {

    @Bean
    @ServiceConnection
    PostgreSQLContainer postgres(Environment environment) {
        return new PostgreSQLContainer("postgres:18")
                .withDatabaseName(environment.getRequiredProperty("ocop.servers.database"));
    }

    @Bean
    @ServiceConnection
    KafkaContainer kafka() {
        return new KafkaContainer("apache/kafka:4.2.0");
    }

    @Bean
    ElasticsearchContainer elasticsearch() {
        return new ElasticsearchContainer("docker.elastic.co/elasticsearch/elasticsearch:9.5.3")
                .withEnv("xpack.security.enabled", "false")
                .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
    }

    @Bean
    MinIOContainer minio() {
        return new MinIOContainer("minio/minio:latest");
    }

    @Bean
    DynamicPropertyRegistrar searchAndStorage(ElasticsearchContainer elasticsearch, MinIOContainer minio) {
        return registry -> {
            registry.add("ocop.elasticsearch.uris", () -> "http://" + elasticsearch.getHttpHostAddress());
            registry.add("ocop.s3.endpoint", minio::getS3URL);
            registry.add("ocop.s3.access-key", minio::getUserName);
            registry.add("ocop.s3.secret-key", minio::getPassword);
        };
    }
}
