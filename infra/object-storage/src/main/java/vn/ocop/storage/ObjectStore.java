package vn.ocop.storage;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Objects in and out of S3-compatible storage, as the services keep them (photos, documents, label
 * sheets). An upload is whole, at most a few megabytes and judged by its bytes first; a download can
 * be {@link #open opened} as a stream and passed on without being held. A failure is an {@link ObjectStoreException}
 * naming the object, except a read of an object that is not there, which is an {@link
 * IllegalStateException}: a fault in the records, not an outage.
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
        try (var in = open(bucket, key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ObjectStoreException("Could not read " + key, e);
        }
    }

    /**
     * The object's bytes as they arrive from the store, for the caller to pass on and close: a
     * download of a 10 MB document holds a buffer, not the document.
     */
    public InputStream open(String bucket, String key) {
        try {
            return minio.getObject(
                    GetObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                // The store answered, and the object is not there: its record outlived it. Trying
                // again will not help, so this is no outage.
                throw new IllegalStateException("No object " + key + " in " + bucket, e);
            }
            throw new ObjectStoreException("Could not read " + key, e);
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
