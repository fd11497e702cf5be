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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.ocop.catalog.CatalogFixtures;
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
    }

    private HttpResponse<String> upload(UUID product, UUID producer, byte[] bytes, String filename, String contentType)
            throws Exception {
        var boundary = "ocop-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
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
