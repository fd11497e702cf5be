package vn.ocop.qr;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.multi.qrcode.QRCodeMultiReader;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * QR codes of the platform, drawn from ZXing's module matrix: as PNG (payment codes, label sheets)
 * and as SVG (print at any size). The quiet zone is counted in modules, as the QR standard does
 * (4 is its minimum for reliable scanning).
 */
public final class QrCodes {

    /** The platform's codes: error correction M (15 % of the code can be damaged) and a 4-module quiet zone. */
    public static final ErrorCorrectionLevel CORRECTION = ErrorCorrectionLevel.M;

    public static final int QUIET_ZONE = 4;

    private QrCodes() {}

    /** The code's modules, quiet zone included, one matrix cell per module. */
    public static BitMatrix matrix(String text, ErrorCorrectionLevel correction, int quietZone) {
        try {
            return new QRCodeWriter()
                    .encode(
                            text,
                            BarcodeFormat.QR_CODE,
                            0,
                            0,
                            Map.of(
                                    EncodeHintType.ERROR_CORRECTION, correction,
                                    EncodeHintType.MARGIN, quietZone,
                                    EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name()));
        } catch (WriterException e) {
            throw new IllegalArgumentException("Cannot encode " + text.length() + " characters in a QR code", e);
        }
    }

    /** The code as an image, {@code pixelsPerModule} pixels to a module, black on white. */
    public static BufferedImage image(BitMatrix matrix, int pixelsPerModule) {
        int size = matrix.getWidth() * pixelsPerModule;
        var image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
        var graphics = image.createGraphics();
        try {
            graphics.setColor(java.awt.Color.WHITE);
            graphics.fillRect(0, 0, size, size);
            graphics.setColor(java.awt.Color.BLACK);
            for (int y = 0; y < matrix.getHeight(); y++) {
                for (int x = 0; x < matrix.getWidth(); x++) {
                    if (matrix.get(x, y)) {
                        graphics.fillRect(x * pixelsPerModule, y * pixelsPerModule, pixelsPerModule, pixelsPerModule);
                    }
                }
            }
        } finally {
            graphics.dispose();
        }
        return image;
    }

    /** A PNG of the platform's kind of code for {@code text}. */
    public static byte[] png(String text, int pixelsPerModule) {
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image(matrix(text, CORRECTION, QUIET_ZONE), pixelsPerModule), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * An SVG of the platform's kind of code for {@code text}: one path, one unit per module, so that
     * it scales to any print size without blurring.
     */
    public static String svg(String text) {
        var matrix = matrix(text, CORRECTION, QUIET_ZONE);
        int size = matrix.getWidth();
        var path = new StringBuilder();
        for (int y = 0; y < size; y++) {
            int x = 0;
            while (x < size) {
                if (!matrix.get(x, y)) {
                    x++;
                    continue;
                }
                int run = 1;
                while (x + run < size && matrix.get(x + run, y)) {
                    run++;
                }
                path.append('M')
                        .append(x)
                        .append(' ')
                        .append(y)
                        .append('h')
                        .append(run)
                        .append("v1h-")
                        .append(run)
                        .append('z');
                x += run;
            }
        }
        return """
                <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges">\
                <rect width="%d" height="%d" fill="#fff"/><path d="%s" fill="#000"/></svg>
                """
                .formatted(size, size, size, size, path);
    }

    /**
     * The text of the QR code found in {@code image}, if one can be read. ZXing's detector misjudges a
     * few perfectly drawn codes (about 3 in 1000); an image that holds nothing but the code and its
     * quiet zone is then read again as a pure barcode, which finds the modules from the code's edges.
     */
    public static Optional<String> decode(BufferedImage image) {
        for (var hints : List.<Map<DecodeHintType, Object>>of(
                Map.of(DecodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name()),
                Map.of(
                        DecodeHintType.CHARACTER_SET,
                        StandardCharsets.UTF_8.name(),
                        DecodeHintType.PURE_BARCODE,
                        Boolean.TRUE))) {
            try {
                return Optional.of(
                        new QRCodeReader().decode(bitmap(image), hints).getText());
            } catch (NotFoundException | ChecksumException | FormatException e) {
                // try the next way of reading
            }
        }
        return Optional.empty();
    }

    /** The texts of every QR code that can be read in {@code image}, such as a page of labels. */
    public static List<String> decodeAll(BufferedImage image) {
        try {
            return Arrays.stream(new QRCodeMultiReader()
                            .decodeMultiple(
                                    bitmap(image),
                                    Map.of(
                                            DecodeHintType.CHARACTER_SET,
                                            StandardCharsets.UTF_8.name(),
                                            DecodeHintType.TRY_HARDER,
                                            Boolean.TRUE)))
                    .map(Result::getText)
                    .toList();
        } catch (NotFoundException e) {
            return List.of();
        }
    }

    private static BinaryBitmap bitmap(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        var pixels = image.getRGB(0, 0, width, height, null, 0, width);
        return new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
    }
}
