package vn.ocop.catalog.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.ocop.catalog.CatalogFixtures;
import vn.ocop.servers.EmbeddedServers;
import vn.ocop.storage.ObjectStore;
import vn.ocop.testing.ServiceIntegrationTest;
import vn.ocop.testing.TestTokens;

/** Product photos in real S3 storage through the MinIO SDK: judged by their bytes, thumbnailed, cleaned up. */
@ServiceIntegrationTest
class PhotoIntegrationTests {

    /** A 1×1 lossless WebP image. */
    private static final byte[] WEBP = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");

    @LocalServerPort
    int port;

    @Autowired
    MinioClient minio;

    @Autowired
    ObjectStore objectStore;

    @Autowired
    ObjectRemovals removals;

    @Autowired
    JdbcClient jdbc;

    private CatalogFixtures catalog;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        catalog = new CatalogFixtures(port);
    }

    @Test
    void storesJpegPngAndWebpWithAThumbnailAndServesThem() throws Exception {
        var producer = catalog.producer("HTX Ảnh (sample data)");
        var product = catalog.listed(producer, "Trà hoa vàng (sample data)", "BEVERAGES", 450_000, 10);

        for (var photo : List.of(image("jpg", 1200, 800), image("png", 400, 400), WEBP)) {
            var response = upload(product, producer, photo, "photo.bin", "application/octet-stream");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        }

        assertThat(objects(product)).hasSize(6);
        var thumbnail = http.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/api/products/" + product + "/thumbnail"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(thumbnail.statusCode()).isEqualTo(302);
        var image = http.send(
                HttpRequest.newBuilder(URI.create(
                                thumbnail.headers().firstValue("Location").orElseThrow()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        var decoded = ImageIO.read(new java.io.ByteArrayInputStream(image.body()));
        assertThat(Math.max(decoded.getWidth(), decoded.getHeight())).isEqualTo(320);
    }

    @Test
    void refusesAPdfRenamedToJpg() throws Exception {
        var producer = catalog.producer("HTX PDF (sample data)");
        var product = catalog.product(producer, "Miến dong (sample data)", "FOOD", 60_000, 10);
        var pdf = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

        var response = upload(product, producer, pdf, "anh-san-pham.jpg", "image/jpeg");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body())
                .contains("urn:ocop:problem:unsupported-photo-type")
                .contains("\"field\":\"file\"");
        assertThat(objects(product)).isEmpty();
    }

    @Test
    void anUploadWithoutItsFilePartIsAProblemNamingIt() throws Exception {
        var producer = catalog.producer("HTX Sai Tên Phần (sample data)");
        var product = catalog.product(producer, "Trà hoa vàng (sample data)", "FOOD", 250_000, 10);

        var response = upload(product, producer, image("png", 20, 20), "a.png", "image/png", "photo");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("urn:ocop:problem:invalid-request").contains("\"field\":\"file\"");
        assertThat(objects(product)).isEmpty();
    }

    @Test
    void refusesAPhotoOverTheSizeLimit() throws Exception {
        var producer = catalog.producer("HTX Ảnh Lớn (sample data)");
        var product = catalog.product(producer, "Dầu sở (sample data)", "FOOD", 200_000, 10);
        var big = new byte[5 * 1024 * 1024 + 1];
        System.arraycopy(image("jpg", 10, 10), 0, big, 0, 100);

        var response = upload(product, producer, big, "big.jpg", "image/jpeg");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(objects(product)).isEmpty();
    }

    @Test
    void refusesAnotherProducersUpload() throws Exception {
        var owner = catalog.producer("HTX Chủ Ảnh (sample data)");
        var product = catalog.product(owner, "Hàu (sample data)", "FOOD", 150_000, 10);

        var response =
                upload(product, catalog.producer("HTX Lạ (sample data)"), image("png", 50, 50), "a.png", "image/png");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(objects(product)).isEmpty();
    }

    @Test
    void deletingAPhotoOrItsProductRemovesTheObjects() throws Exception {
        var producer = catalog.producer("HTX Xoá Ảnh (sample data)");
        var product = catalog.product(producer, "Chả mực (sample data)", "FOOD", 300_000, 10);
        var first = upload(product, producer, image("jpg", 100, 100), "a.jpg", "image/jpeg");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        var second = upload(product, producer, image("png", 100, 100), "b.png", "image/png");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        assertThat(catalog.http()
                        .get("/api/products/" + product + "/photos", null)
                        .status())
                .as("photos of a product not on sale are not public")
                .isEqualTo(404);
        var photoId = catalog.http()
                .get("/api/products/" + product + "/photos", TestTokens.producer(producer))
                .json()
                .get(0)
                .get("id")
                .asString();

        var deleted =
                catalog.http().delete("/api/products/" + product + "/photos/" + photoId, TestTokens.producer(producer));
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(objects(product)).hasSize(2);

        assertThat(catalog.http()
                        .delete("/api/products/" + product, TestTokens.producer(producer))
                        .status())
                .isEqualTo(204);
        assertThat(objects(product)).isEmpty();
        assertThat(pending(product)).as("nothing left to remove").isEmpty();
    }

    @Test
    void objectsThatObjectStorageCouldNotRemoveGoOnceItIsBack() throws Exception {
        var producer = catalog.producer("HTX Kho Ảnh Vắng (sample data)");
        var product = catalog.product(producer, "Bánh gai (sample data)", "FOOD", 50_000, 10);
        var uploaded = upload(product, producer, image("jpg", 100, 100), "a.jpg", "image/jpeg");
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        assertThat(pending(product))
                .as("a recorded upload is not due for removal")
                .isEmpty();
        var photo = catalog.http()
                .get("/api/products/" + product + "/photos", TestTokens.producer(producer))
                .json()
                .get(0)
                .get("id")
                .asString();

        try (var away = EmbeddedServers.shared().objectStorageOutage()) {
            var deleted = catalog.http()
                    .delete("/api/products/" + product + "/photos/" + photo, TestTokens.producer(producer));
            assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
            removals.sweep(Instant.now());
        }
        assertThat(objects(product)).hasSize(2);
        assertThat(pending(product)).hasSize(2).allSatisfy(row -> {
            assertThat(row.attempts()).as("the sweep tried once").isEqualTo(1);
            assertThat(row.lastError()).isNotBlank();
        });

        removals.sweep(Instant.now());
        assertThat(objects(product)).as("put off after a failure").hasSize(2);
        removals.sweep(Instant.now().plus(Duration.ofMinutes(2)));
        assertThat(objects(product)).isEmpty();
        assertThat(pending(product)).isEmpty();
    }

    @Test
    void anUploadTheServiceNeverRecordedIsRemovedAfterAnHour() throws Exception {
        var producer = catalog.producer("HTX Ảnh Dở Dang (sample data)");
        var product = catalog.product(producer, "Mực một nắng (sample data)", "FOOD", 400_000, 10);
        // As the service leaves it when it stops between an upload and its row: the object, due in an hour.
        var key = "products/" + product + "/photos/" + UUID.randomUUID() + ".jpg";
        objectStore.put("ocop-media", key, image("jpg", 10, 10), "image/jpeg");
        jdbc.sql("insert into object_removal (object_key, due_at) values (?, ?)")
                .params(key, Timestamp.from(Instant.now().plus(Photos.UPLOAD_GRACE)))
                .update();

        removals.sweep(Instant.now());
        assertThat(objects(product)).containsExactly(key);
        removals.sweep(Instant.now().plus(Photos.UPLOAD_GRACE).plusSeconds(1));
        assertThat(objects(product)).isEmpty();
        assertThat(pending(product)).isEmpty();
    }

    private record Pending(String key, int attempts, String lastError) {}

    private List<Pending> pending(UUID product) {
        return jdbc.sql("select object_key, attempts, last_error from object_removal where object_key like ?")
                .param("products/" + product + "/%")
                .query((rs, row) -> new Pending(rs.getString(1), rs.getInt(2), rs.getString(3)))
                .list();
    }

    private HttpResponse<String> upload(UUID product, UUID producer, byte[] bytes, String filename, String contentType)
            throws Exception {
        return upload(product, producer, bytes, filename, contentType, "file");
    }

    private HttpResponse<String> upload(
            UUID product, UUID producer, byte[] bytes, String filename, String contentType, String part)
            throws Exception {
        var boundary = "ocop-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\""
                        + filename
                        + "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(bytes);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/products/" + product + "/photos"))
                        .header("Authorization", "Bearer " + TestTokens.producer(producer))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<String> objects(UUID product) throws Exception {
        var names = new ArrayList<String>();
        for (var item : minio.listObjects(ListObjectsArgs.builder()
                .bucket("ocop-media")
                .prefix("products/" + product + "/")
                .recursive(true)
                .build())) {
            names.add(item.get().objectName());
        }
        return names;
    }

    private static byte[] image(String format, int width, int height) throws Exception {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var graphics = image.createGraphics();
        graphics.setColor(new Color(0xD4A017));
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        var out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }
}
