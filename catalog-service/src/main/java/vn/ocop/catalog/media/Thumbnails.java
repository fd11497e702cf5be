package vn.ocop.catalog.media;

import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.awt.Color;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/** Decodes a photo (which also proves it is one) and draws a JPEG thumbnail of it, upright. */
final class Thumbnails {

    private Thumbnails() {}

    /** Decoding is refused above this many pixels: a small file may declare a huge image. */
    static final long MAX_PIXELS = 40_000_000L;

    private static final int APP1 = 0xFFE1;
    private static final int ORIENTATION = 0x0112;

    /**
     * The photo's thumbnail as JPEG bytes, or empty when the bytes don't decode as an image of at most
     * {@link #MAX_PIXELS} pixels. A large photo is read with only every n-th pixel of every n-th row,
     * still at least twice the thumbnail's size, so that a 40-megapixel photo from a phone never sits
     * in memory whole. A JPEG's EXIF orientation (a phone held sideways) is applied.
     */
    static Optional<byte[]> of(byte[] photo, int longestSide) {
        BufferedImage image;
        int orientation = 1;
        try (var input = ImageIO.createImageInputStream(new ByteArrayInputStream(photo))) {
            var readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            var reader = readers.next();
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > MAX_PIXELS) {
                    return Optional.empty();
                }
                var param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.max(width, height) / (2 * longestSide));
                param.setSourceSubsampling(step, step, 0, 0);
                image = reader.read(0, param);
                if (isJpeg(reader)) {
                    orientation = orientation(photo);
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (image == null || image.getWidth() == 0 || image.getHeight() == 0) {
            return Optional.empty();
        }
        double scale = Math.min(1.0, (double) longestSide / Math.max(image.getWidth(), image.getHeight()));
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        var thumbnail = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var graphics = thumbnail.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, width, height);
            graphics.drawImage(image, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(upright(thumbnail, orientation), "jpg", out);
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(out.toByteArray());
    }

    private static boolean isJpeg(ImageReader reader) throws IOException {
        return "jpeg".equalsIgnoreCase(reader.getFormatName());
    }

    /** The EXIF orientation of a JPEG (1 to 8), 1 when it has none or it can't be read. */
    static int orientation(byte[] jpeg) {
        try (var input = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            for (var segment : JPEGSegmentUtil.readSegments(input, APP1, "Exif")) {
                try (var data = segment.data()) {
                    if (data.read() != 0) { // "Exif" is followed by two zero bytes, the first read with it
                        continue;
                    }
                    try (var tiff = ImageIO.createImageInputStream(data)) {
                        var entry = new TIFFReader().read(tiff).getEntryById(ORIENTATION);
                        if (entry != null
                                && entry.getValue() instanceof Number value
                                && value.intValue() >= 1
                                && value.intValue() <= 8) {
                            return value.intValue();
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // A broken EXIF block leaves the photo as it was taken.
        }
        return 1;
    }

    /** The image turned or mirrored as EXIF orientation 2-8 says it must be shown. */
    static BufferedImage upright(BufferedImage image, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean turned = orientation >= 5;
        var result = new BufferedImage(turned ? h : w, turned ? w : h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                switch (orientation) {
                    case 2 -> result.setRGB(w - 1 - x, y, rgb); // mirrored
                    case 3 -> result.setRGB(w - 1 - x, h - 1 - y, rgb); // upside down
                    case 4 -> result.setRGB(x, h - 1 - y, rgb); // mirrored upside down
                    case 5 -> result.setRGB(y, x, rgb); // mirrored across the main diagonal
                    case 6 -> result.setRGB(h - 1 - y, x, rgb); // to turn a quarter right
                    case 7 -> result.setRGB(h - 1 - y, w - 1 - x, rgb); // mirrored across the other diagonal
                    default -> result.setRGB(y, w - 1 - x, rgb); // 8: to turn a quarter left
                }
            }
        }
        return result;
    }
}
