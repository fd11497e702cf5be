package vn.ocop.catalog.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a thumbnail of a large phone photo costs: memory allocated and time, for the whole photo
 * decoded (what a plain {@code ImageIO.read} does) against {@link Thumbnails}, which reads only every
 * n-th pixel. Prints numbers; run with {@code -Pbenchmark -Dtest=ThumbnailBenchmark}.
 */
@Tag("benchmark")
class ThumbnailBenchmark {

    @Test
    void aTwentyFourMegapixelPhoto() throws Exception {
        var photo = new BufferedImage(6000, 4000, BufferedImage.TYPE_INT_RGB);
        var graphics = photo.createGraphics();
        graphics.setColor(new Color(0xC8, 0x8A, 0x2E));
        graphics.fillRect(0, 0, 3000, 4000);
        graphics.dispose();
        var out = new ByteArrayOutputStream();
        ImageIO.write(photo, "jpg", out);
        var jpeg = out.toByteArray();
        photo = null;
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        System.out.printf("6000 x 4000 JPEG of %,d bytes, thumbnail 320 pixels%n", jpeg.length);
        for (int round = 1; round <= 5; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            var whole = ImageIO.read(new ByteArrayInputStream(jpeg));
            long wholeBytes = threads.getCurrentThreadAllocatedBytes() - before;
            long wholeNanos = System.nanoTime() - start;
            assertThat(whole.getWidth()).isEqualTo(6000);

            before = threads.getCurrentThreadAllocatedBytes();
            start = System.nanoTime();
            var thumbnail = Thumbnails.of(jpeg, 320).orElseThrow();
            long sparseBytes = threads.getCurrentThreadAllocatedBytes() - before;
            long sparseNanos = System.nanoTime() - start;
            assertThat(ImageIO.read(new ByteArrayInputStream(thumbnail)).getWidth())
                    .isEqualTo(320);

            System.out.printf(
                    "round %d: whole photo decoded %,d MB in %d ms; thumbnail read sparsely %,d MB in %d ms%n",
                    round, wholeBytes >> 20, wholeNanos / 1_000_000, sparseBytes >> 20, sparseNanos / 1_000_000);
        }
    }
}
