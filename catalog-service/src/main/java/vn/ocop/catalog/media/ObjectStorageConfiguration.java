package vn.ocop.catalog.media;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The MinIO SDK client for product photos; its bucket is made on first use if missing. */
@Configuration(proxyBeanMethods = false)
class ObjectStorageConfiguration {

    @Bean
    MinioClient minioClient(ObjectStorageProperties properties) {
        return MinioClient.builder()
                .endpoint(properties.endpoint())
                .credentials(properties.accessKey(), properties.secretKey())
                .region(properties.region())
                .build();
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
