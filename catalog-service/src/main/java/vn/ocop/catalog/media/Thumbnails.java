package vn.ocop.catalog.media;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.ImageIO;

/** Decodes a photo (which also proves it is one) and draws a JPEG thumbnail of it. */
final class Thumbnails {

    private Thumbnails() {}

    /** Decoding is refused above this many pixels: a small file may declare a huge image. */
    static final long MAX_PIXELS = 40_000_000L;

    /**
     * The photo's thumbnail as JPEG bytes, or empty when the bytes don't decode as an image of at most
     * {@link #MAX_PIXELS} pixels.
     */
    static Optional<byte[]> of(byte[] photo, int longestSide) {
        BufferedImage image;
        try (var input = ImageIO.createImageInputStream(new ByteArrayInputStream(photo))) {
            var readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            var reader = readers.next();
            try {
                reader.setInput(input, true, true);
                if ((long) reader.getWidth(0) * reader.getHeight(0) > MAX_PIXELS) {
                    return Optional.empty();
                }
                image = reader.read(0);
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
            graphics.setColor(java.awt.Color.WHITE);
            graphics.fillRect(0, 0, width, height);
            graphics.drawImage(image, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(thumbnail, "jpg", out);
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(out.toByteArray());
    }
}
