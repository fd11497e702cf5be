package vn.ocop.storage;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;

/** The MinIO SDK client of a service that keeps objects, the {@link ObjectStore} over it, and an "objectStorage" health check that ensures its buckets. */
@AutoConfiguration
@ConditionalOnProperty("ocop.s3.endpoint")
@EnableConfigurationProperties(ObjectStorageProperties.class)
public class ObjectStorageAutoConfiguration {

    /** Connecting to the store. */
    static final java.time.Duration CONNECT_TIMEOUT = java.time.Duration.ofSeconds(5);

    /** Silence while sending or receiving an object (not the whole transfer's length). */
    static final java.time.Duration TRANSFER_TIMEOUT = java.time.Duration.ofSeconds(30);

    @Bean
    MinioClient minioClient(ObjectStorageProperties properties) {
        var minio = MinioClient.builder()
                .endpoint(properties.endpoint())
                .credentials(properties.accessKey(), properties.secretKey())
                .region(properties.region())
                .build();
        // A store that hangs fails in seconds rather than the SDK's five minutes: requests answer 503
        // while the caller still waits, and background work (label sheets) fails within its lease.
        minio.setTimeout(CONNECT_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis());
        return minio;
    }

    @Bean
    ObjectStore objectStore(MinioClient minio) {
        return new ObjectStore(minio);
    }

    @Bean("objectStorage")
    AbstractHealthIndicator objectStorageHealthIndicator(MinioClient minio, ObjectStorageProperties properties) {
        return new AbstractHealthIndicator("Object storage is not reachable") {
            @Override
            protected void doHealthCheck(Health.Builder builder) throws Exception {
                for (var bucket : properties.buckets()) {
                    if (!minio.bucketExists(
                            BucketExistsArgs.builder().bucket(bucket).build())) {
                        minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                    }
                }
                builder.up().withDetail("buckets", properties.buckets());
            }
        };
    }
}
