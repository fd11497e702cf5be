package vn.ocop.catalog.media;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Where the S3-compatible object store is (MinIO in production), and the buckets the catalogue uses. */
@ConfigurationProperties("ocop.s3")
record ObjectStorageProperties(
        String endpoint,
        String accessKey,
        String secretKey,
        @DefaultValue("us-east-1") String region,
        @DefaultValue("ocop-media") String mediaBucket) {

    List<String> buckets() {
        return List.of(mediaBucket);
    }
}
