package vn.ocop.servers;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible server (S3Proxy) in this JVM on 127.0.0.1, with AWS signature v4 auth: in memory
 * for tests, on the file system for the local platform. The services reach it through the MinIO SDK,
 * exactly as they reach MinIO in production.
 */
final class S3Server implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(S3Server.class);

    private final S3Proxy proxy;
    private final URI endpoint;

    private S3Server(S3Proxy proxy, URI endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    /**
     * @param directory where objects are kept, or null to keep them in memory
     * @param port the port, or 0 for a free one
     */
    static S3Server start(Path directory, int port, String accessKey, String secretKey, List<String> buckets)
            throws Exception {
        var started = Instant.now();
        if (directory != null) {
            Files.createDirectories(directory);
        }
        BlobStore store = directory == null
                ? new TransientNio2BlobStore()
                : new FilesystemNio2BlobStore(directory.toAbsolutePath().toString());
        for (var bucket : buckets) {
            if (!store.containerExists(bucket)) {
                store.createContainer(bucket);
            }
        }
        var endpoint = URI.create("http://" + Host.LOOPBACK + ":" + (port == 0 ? LoopbackPorts.single() : port));
        var proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        startAndWait(proxy);
        log.info(
                "S3 ready on {} in {} ms",
                endpoint,
                Duration.between(started, Instant.now()).toMillis());
        return new S3Server(proxy, endpoint);
    }

    private static void startAndWait(S3Proxy proxy) throws Exception {
        proxy.start();
        var deadline = Instant.now().plusSeconds(30);
        while (!"STARTED".equals(proxy.getState())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(20);
        }
    }

    /** Stops listening, as object storage that is away; every object is kept for {@link #resume}. */
    synchronized void pause() throws Exception {
        proxy.stop();
        log.info("S3 on {} stopped listening", endpoint);
    }

    /** Listens again on the same port, with the objects it had. */
    synchronized void resume() throws Exception {
        startAndWait(proxy);
        log.info("S3 on {} listens again", endpoint);
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
