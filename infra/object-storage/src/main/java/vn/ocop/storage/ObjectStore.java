package vn.ocop.storage;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import java.io.ByteArrayInputStream;

/**
 * Whole objects in and out of S3-compatible storage, as the services keep them (photos, documents,
 * label sheets: small enough to hold in memory). A failure is an {@link ObjectStoreException}
 * naming the object.
 */
public class ObjectStore {

    private final MinioClient minio;

    public ObjectStore(MinioClient minio) {
        this.minio = minio;
    }

    public void put(String bucket, String key, byte[] bytes, String contentType) {
        try {
            minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(
                            new ByteArrayInputStream(bytes), (long) bytes.length, -1L)
                    .contentType(contentType)
                    .build());
        } catch (Exception e) {
            throw new ObjectStoreException("Could not store " + key, e);
        }
    }

    public byte[] read(String bucket, String key) {
        try (var in = minio.getObject(
                GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new ObjectStoreException("Could not read " + key, e);
        }
    }

    public void remove(String bucket, String key) {
        try {
            minio.removeObject(
                    RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw new ObjectStoreException("Could not remove " + key, e);
        }
    }
}
