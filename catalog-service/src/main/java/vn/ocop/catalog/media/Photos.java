package vn.ocop.catalog.media;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MinioClient;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import vn.ocop.catalog.product.ProductRemoved;
import vn.ocop.catalog.product.Products;
import vn.ocop.storage.FileType;
import vn.ocop.storage.ObjectStore;
import vn.ocop.web.Caller;
import vn.ocop.web.ProblemException;

/**
 * Product photos in S3-compatible storage (MinIO in production). The server judges the type by
 * the bytes, picks the keys, makes a thumbnail, and removes the objects when a photo or its product
 * goes. A photo is stored completely (both objects, the row, the event) or not at all.
 */
@Service
public class Photos {

    /** How long an upload may take before its objects, never recorded, are removed. */
    static final Duration UPLOAD_GRACE = Duration.ofHours(1);

    private final MinioClient minio;
    private final ObjectStore objects;
    private final PhotoProperties properties;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Products products;
    private final ObjectRemovals removals;
    private final Clock clock;

    Photos(
            MinioClient minio,
            ObjectStore objects,
            PhotoProperties properties,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            Products products,
            ObjectRemovals removals,
            Clock clock) {
        this.minio = minio;
        this.objects = objects;
        this.properties = properties;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.products = products;
        this.removals = removals;
        this.clock = clock;
    }

    public record PhotoView(
            UUID id, int position, String contentType, long sizeBytes, String url, String thumbnailUrl) {}

    public PhotoView add(UUID product, byte[] bytes, Caller caller) {
        transactions.executeWithoutResult(status -> products.requireOwner(product, caller));
        if (bytes.length == 0) {
            throw ProblemException.invalid("file", "is empty");
        }
        if (bytes.length > properties.maxSize().toBytes()) {
            throw new ProblemException(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "photo-too-large",
                    "Photos may be at most " + properties.maxSize().toMegabytes() + " MB.",
                    "file");
        }
        var type = FileType.sniff(bytes)
                .filter(FileType.IMAGES::contains)
                .orElseThrow(() -> new ProblemException(
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "unsupported-photo-type",
                        "Photos must be JPEG, PNG or WebP images; this file is none of them, whatever its name says.",
                        "file"));
        var thumbnail = Thumbnails.of(bytes, properties.thumbnailSize())
                .orElseThrow(() -> ProblemException.invalid(
                        "file", "is not a readable " + type.name() + " image of at most 40 megapixels"));
        var id = UUID.randomUUID();
        var key = "products/" + product + "/photos/" + id + "." + type.extension();
        var thumbnailKey = "products/" + product + "/photos/" + id + ".thumb.jpg";
        var keys = List.of(key, thumbnailKey);
        // Should the photo never be recorded (the service stopped between the upload and the row), its
        // objects go after an hour; the transaction that records it takes that back.
        transactions.executeWithoutResult(
                status -> removals.due(keys, clock.instant().plus(UPLOAD_GRACE)));
        try {
            put(key, bytes, type.contentType());
            put(thumbnailKey, thumbnail, "image/jpeg");
            transactions.executeWithoutResult(status -> {
                products.requireOwner(product, caller);
                int position = jdbc.sql("select coalesce(max(position) + 1, 0) from product_photo where product_id = ?")
                        .param(product)
                        .query(Integer.class)
                        .single();
                jdbc.sql(
                                """
                                insert into product_photo (id, product_id, position, object_key, thumbnail_key,
                                                           content_type, size_bytes, created_at)
                                values (?, ?, ?, ?, ?, ?, ?, ?)
                                """)
                        .params(
                                id,
                                product,
                                position,
                                key,
                                thumbnailKey,
                                type.contentType(),
                                (long) bytes.length,
                                Timestamp.from(clock.instant()))
                        .update();
                products.photosChanged(product);
                removals.keep(keys);
            });
        } catch (RuntimeException e) {
            removals.removeNow(keys);
            throw e;
        }
        return list(product).stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    /**
     * The photos of a product on sale, for anyone; of a product not on sale, only for its producer
     * and the office.
     */
    public List<PhotoView> list(UUID product, Caller caller) {
        var owner = jdbc.sql("select producer_id, status from product where id = ?")
                .param(product)
                .query((rs, row) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)))
                .optional()
                .orElseThrow(() -> ProblemException.notFound("Product " + product));
        if (!owner.getValue().equals("LISTED") && (caller == null || !caller.mayActFor(owner.getKey()))) {
            throw ProblemException.notFound("Product " + product);
        }
        return list(product);
    }

    private List<PhotoView> list(UUID product) {
        return jdbc.sql("select id, position, content_type, size_bytes, object_key, thumbnail_key from product_photo "
                        + "where product_id = ? order by position, created_at")
                .param(product)
                .query((rs, row) -> new PhotoView(
                        rs.getObject("id", UUID.class),
                        rs.getInt("position"),
                        rs.getString("content_type"),
                        rs.getLong("size_bytes"),
                        presigned(rs.getString("object_key")),
                        presigned(rs.getString("thumbnail_key"))))
                .list();
    }

    public void delete(UUID product, UUID photo, Caller caller) {
        var keys = transactions.execute(status -> {
            products.requireOwner(product, caller);
            var found = jdbc.sql(
                            "delete from product_photo where id = ? and product_id = ? returning object_key, thumbnail_key")
                    .params(photo, product)
                    .query((rs, row) -> List.of(rs.getString(1), rs.getString(2)))
                    .optional()
                    .orElseThrow(() -> ProblemException.notFound("Photo " + photo));
            products.photosChanged(product);
            removals.due(found, clock.instant());
            return found;
        });
        removals.removeNow(keys);
    }

    /** A short-lived link to the first thumbnail of a product on sale, if it has a photo. */
    public Optional<String> thumbnailUrl(UUID product) {
        return jdbc.sql(
                        """
                        select ph.thumbnail_key from product_photo ph join product p on p.id = ph.product_id
                        where ph.product_id = ? and p.status = 'LISTED' order by ph.position, ph.created_at limit 1
                        """)
                .param(product)
                .query(String.class)
                .optional()
                .map(this::presigned);
    }

    /** In the deleting transaction: the product's objects are due for removal. */
    @EventListener
    void due(ProductRemoved removed) {
        removals.due(removed.objectKeys(), clock.instant());
    }

    /** Once the deletion committed: removes them now, or leaves them to the sweep. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void remove(ProductRemoved removed) {
        removals.removeNow(removed.objectKeys());
    }

    private void put(String key, byte[] bytes, String contentType) {
        objects.put(properties.bucket(), key, bytes, contentType);
    }

    private String presigned(String key) {
        try {
            return minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Http.Method.GET)
                    .bucket(properties.bucket())
                    .object(key)
                    .expiry(1, TimeUnit.HOURS)
                    .build());
        } catch (Exception e) {
            throw new IllegalStateException("Could not sign a link to " + key, e);
        }
    }
}
