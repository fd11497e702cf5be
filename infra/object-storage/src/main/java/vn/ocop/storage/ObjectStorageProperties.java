package vn.ocop.storage;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the S3-compatible object store is (MinIO in production) and the buckets this service uses;
 * a missing bucket is made on the first health check.
 */
@ConfigurationProperties("ocop.s3")
public record ObjectStorageProperties(
        String endpoint,
        String accessKey,
        String secretKey,
        @DefaultValue("us-east-1") String region,
        @DefaultValue List<String> buckets) {}
