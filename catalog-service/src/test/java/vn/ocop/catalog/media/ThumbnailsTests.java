package vn.ocop.catalog.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ThumbnailsTests {

    @Test
    void aPhotoTakenSidewaysGetsAnUprightThumbnail() throws IOException {
        // Sensor rows as a phone held sideways stores them: red on the left, blue on the right; EXIF 6
        // says the picture must be turned a quarter right to be seen, red on top.
        var photo = withOrientation(jpeg(halves(800, 400)), 6);

        var thumbnail = read(Thumbnails.of(photo, 200).orElseThrow());

        assertThat(thumbnail.getWidth()).isEqualTo(100);
        assertThat(thumbnail.getHeight()).isEqualTo(200);
        assertThat(near(thumbnail.getRGB(50, 20), Color.RED)).isTrue();
        assertThat(near(thumbnail.getRGB(50, 180), Color.BLUE)).isTrue();
    }

    @Test
    void aPhotoWithoutOrientationOrWithABrokenExifBlockStaysAsTaken() throws IOException {
        var plain = jpeg(halves(800, 400));
        var broken = withExif(plain, new byte[] {'M', 'M', 0, 42, 0, 0, 0x7f, 0x7f});

        for (var photo : new byte[][] {plain, broken}) {
            assertThat(Thumbnails.orientation(photo)).isEqualTo(1);
            var thumbnail = read(Thumbnails.of(photo, 200).orElseThrow());
            assertThat(thumbnail.getWidth()).isEqualTo(200);
            assertThat(near(thumbnail.getRGB(20, 50), Color.RED)).isTrue();
            assertThat(near(thumbnail.getRGB(180, 50), Color.BLUE)).isTrue();
        }
    }

    @Test
    void everyOrientationPutsTheFirstTwoPixelsWhereExifSays() {
        // A 3 × 2 image: pixel 1 at (0, 0), pixel 2 at (1, 0), the rest 0.
        var image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 1);
        image.setRGB(1, 0, 2);
        // Where the first row's first and second pixels are shown, per orientation (x, y).
        var expected = Map.of(
                2, new int[] {2, 0, 1, 0},
                3, new int[] {2, 1, 1, 1},
                4, new int[] {0, 1, 1, 1},
                5, new int[] {0, 0, 0, 1},
                6, new int[] {1, 0, 1, 1},
                7, new int[] {1, 2, 1, 1},
                8, new int[] {0, 2, 0, 1});
        expected.forEach((orientation, at) -> {
            var upright = Thumbnails.upright(image, orientation);
            assertThat(upright.getWidth()).as("orientation " + orientation).isEqualTo(orientation >= 5 ? 2 : 3);
            assertThat(upright.getRGB(at[0], at[1]) & 0xffffff)
                    .as("orientation " + orientation)
                    .isEqualTo(1);
            assertThat(upright.getRGB(at[2], at[3]) & 0xffffff)
                    .as("orientation " + orientation)
                    .isEqualTo(2);
        });
        assertThat(Thumbnails.upright(image, 1)).isSameAs(image);
    }

    @Test
    void aLargePhotoReadSparselyStillGivesAFaithfulThumbnail() throws IOException {
        // 6,000 × 4,000 pixels: read with every 7th pixel of every 7th row for a 400-pixel thumbnail.
        var photo = jpeg(halves(6000, 4000));

        var thumbnail = read(Thumbnails.of(photo, 400).orElseThrow());

        assertThat(thumbnail.getWidth()).isEqualTo(400);
        assertThat(thumbnail.getHeight()).isBetween(266, 267);
        assertThat(near(thumbnail.getRGB(100, 130), Color.RED)).isTrue();
        assertThat(near(thumbnail.getRGB(300, 130), Color.BLUE)).isTrue();
    }

    @Test
    void aCmykJpegAsDesignToolsExportItGetsAThumbnail() throws IOException {
        // Red on the left, blue on the right, in CMYK ink, stored inverted (255 is no ink) behind an Adobe
        // marker, as print and packaging design tools export it.
        var raster =
                java.awt.image.Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 400, 200, 4, null);
        int[] red = {255, 0, 0, 255};
        int[] blue = {0, 0, 255, 255};
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 400; x++) {
                raster.setPixel(x, y, x < 200 ? red : blue);
            }
        }
        var out = new ByteArrayOutputStream();
        var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (var output = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(output);
            writer.write(new javax.imageio.IIOImage(raster, null, null));
        } finally {
            writer.dispose();
        }
        var written = out.toByteArray();
        var cmyk = new ByteArrayOutputStream();
        cmyk.write(written, 0, 2); // SOI
        // APP14 "Adobe": version 100, no flags, transform 0 (the four channels as they are: CMYK)
        cmyk.write(new byte[] {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0});
        cmyk.write(written, 2, written.length - 2);

        var thumbnail = read(Thumbnails.of(cmyk.toByteArray(), 200).orElseThrow());

        assertThat(thumbnail.getWidth()).isEqualTo(200);
        assertThat(thumbnail.getHeight()).isEqualTo(100);
        assertThat(new Color(thumbnail.getRGB(40, 50))).satisfies(left -> assertThat(near(left.getRGB(), Color.RED))
                .as("left %s", left)
                .isTrue());
        assertThat(new Color(thumbnail.getRGB(160, 50))).satisfies(right -> assertThat(near(right.getRGB(), Color.BLUE))
                .as("right %s", right)
                .isTrue());
    }

    private static BufferedImage halves(int width, int height) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var graphics = image.createGraphics();
        graphics.setColor(Color.RED);
        graphics.fillRect(0, 0, width / 2, height);
        graphics.setColor(Color.BLUE);
        graphics.fillRect(width / 2, 0, width - width / 2, height);
        graphics.dispose();
        return image;
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        var out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "jpg", out)).isTrue();
        return out.toByteArray();
    }

    /** The JPEG with an EXIF block whose first directory holds only the orientation. */
    private static byte[] withOrientation(byte[] jpeg, int orientation) throws IOException {
        return withExif(jpeg, new byte[] {
            'M',
            'M',
            0,
            42,
            0,
            0,
            0,
            8, // big-endian TIFF header, first directory at 8
            0,
            1, // one entry
            0x01,
            0x12,
            0,
            3,
            0,
            0,
            0,
            1,
            0,
            (byte) orientation,
            0,
            0, // orientation, SHORT, 1 value
            0,
            0,
            0,
            0 // no next directory
        });
    }

    private static byte[] withExif(byte[] jpeg, byte[] tiff) throws IOException {
        var out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        var segment = new DataOutputStream(out);
        segment.writeShort(0xFFE1);
        segment.writeShort(2 + 6 + tiff.length);
        segment.writeBytes("Exif");
        segment.writeShort(0);
        segment.write(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static BufferedImage read(byte[] jpeg) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(jpeg));
    }

    private static boolean near(int rgb, Color expected) {
        var actual = new Color(rgb);
        return Math.abs(actual.getRed() - expected.getRed()) < 40
                && Math.abs(actual.getGreen() - expected.getGreen()) < 40
                && Math.abs(actual.getBlue() - expected.getBlue()) < 40;
    }
}
