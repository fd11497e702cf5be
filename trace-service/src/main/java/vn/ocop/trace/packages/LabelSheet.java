package vn.ocop.trace.packages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import vn.ocop.qr.QrCodes;

/**
 * A printable A4 sheet of package labels: a grid of QR codes, each with the product's name, the lot
 * and the serial under it. Codes are embedded one pixel per module and drawn without smoothing, so
 * that they print sharp at any scale. The product's name is Liberation Sans, which has every Vietnamese
 * letter, and is shortened to fit its cell; the lot and the serial are Liberation Mono and are never
 * shortened, since a label whose serial cannot be read in full cannot be traced by hand.
 */
final class LabelSheet {

    static final int COLUMNS = 4;
    static final int ROWS = 6;
    static final float MARGIN = 28.35f; // 10 mm
    static final float CELL_WIDTH = (PDRectangle.A4.getWidth() - 2 * MARGIN) / COLUMNS;
    static final float CELL_HEIGHT = (PDRectangle.A4.getHeight() - 2 * MARGIN) / ROWS;
    /** Two points (0.7 mm) to a QR module: whole points, so that codes print and render on an even grid. */
    static final float MODULE = 2;

    private static final float TEXT_SIZE = 7;
    /** The room for a line of text: the cell's width less 6 points each side. */
    private static final float TEXT_ROOM = CELL_WIDTH - 12;
    /** Below this much of a cell's height come the three lines of text. */
    static final float CODE_AREA_HEIGHT = CELL_HEIGHT - 30;

    record Label(String serial, String uri) {}

    private LabelSheet() {}

    /** The cell of label {@code index} on its page: x, y of the top-left corner from the page's top-left, in points. */
    static float[] cell(int index) {
        int onPage = index % (COLUMNS * ROWS);
        return new float[] {MARGIN + (onPage % COLUMNS) * CELL_WIDTH, MARGIN + (onPage / COLUMNS) * CELL_HEIGHT};
    }

    static byte[] render(String productName, String lot, List<Label> labels) {
        try (var document = new PDDocument();
                var out = new ByteArrayOutputStream()) {
            var fonts = new Fonts(font(document, "LiberationSans-Regular"), font(document, "LiberationMono-Regular"));
            var info = document.getDocumentInformation();
            info.setTitle("Nhãn truy xuất – " + productName + " – lô " + lot);
            info.setCreator("OCOP platform trace-service");
            PDPage page = null;
            PDPageContentStream content = null;
            try {
                for (int i = 0; i < labels.size(); i++) {
                    if (i % (COLUMNS * ROWS) == 0) {
                        if (content != null) {
                            content.close();
                        }
                        page = new PDPage(PDRectangle.A4);
                        document.addPage(page);
                        content = new PDPageContentStream(document, page);
                    }
                    draw(document, content, fonts, productName, lot, labels.get(i), cell(i));
                }
            } finally {
                if (content != null) {
                    content.close();
                }
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void draw(
            PDDocument document,
            PDPageContentStream content,
            Fonts fonts,
            String productName,
            String lot,
            Label label,
            float[] topLeft)
            throws IOException {
        float pageHeight = PDRectangle.A4.getHeight();
        var matrix = QrCodes.matrix(label.uri(), QrCodes.CORRECTION, QrCodes.QUIET_ZONE);
        var image = LosslessFactory.createFromImage(document, QrCodes.image(matrix, 1));
        image.setInterpolate(false);
        float size =
                matrix.getWidth() * module(matrix.getWidth()); // about 32 mm for a package's link, quiet zone included
        float x = Math.round(topLeft[0] + (CELL_WIDTH - size) / 2);
        float top = Math.round(pageHeight - topLeft[1] - 4);
        content.drawImage(image, x, top - size, size, size);
        // three lines at the foot of the cell, clear of the code whatever its size
        float textY = pageHeight - topLeft[1] - CELL_HEIGHT + 4 + 2 * (TEXT_SIZE + 2);
        float x0 = topLeft[0] + 6;
        line(content, fonts.text(), fit(fonts.text(), printable(fonts.text(), productName)), null, null, x0, textY);
        line(content, fonts.text(), "Lô / Lot: ", fonts.code(), lot, x0, textY - (TEXT_SIZE + 2));
        line(content, fonts.text(), "Số / No: ", fonts.code(), label.serial(), x0, textY - 2 * (TEXT_SIZE + 2));
    }

    /**
     * The size of a module for a code {@code modules} wide, quiet zone included: {@link #MODULE}, or, for
     * a link too long for that (a long resolver address, a lot of escaped characters), the largest
     * quarter point at which the code stays in its area, above the text. Below one point (0.35 mm) a
     * code would not scan, and a link that long is an error.
     */
    static float module(int modules) {
        float room = CODE_AREA_HEIGHT - 4;
        float module = Math.min(MODULE, (float) Math.floor(room / modules * 4) / 4);
        if (module < 1) {
            throw new IllegalStateException(
                    "A Digital Link too long for a label: its code is " + modules + " modules wide");
        }
        return module;
    }

    /**
     * One line of a label: text, then a code in the code font if there is one. A code is never shortened:
     * the longest lot and serial GS1 allows fit the cell in a monospaced face, and a line that would not
     * is an error rather than a label nobody can read in full.
     */
    private static void line(
            PDPageContentStream content, PDFont textFont, String text, PDFont codeFont, String code, float x, float y)
            throws IOException {
        float width =
                (textFont.getStringWidth(text) + (code == null ? 0 : codeFont.getStringWidth(code))) / 1000 * TEXT_SIZE;
        if (width > TEXT_ROOM) {
            throw new IllegalStateException("A label line does not fit its cell: " + text + code);
        }
        content.beginText();
        content.newLineAtOffset(x, y);
        content.setFont(textFont, TEXT_SIZE);
        content.showText(text);
        if (code != null) {
            content.setFont(codeFont, TEXT_SIZE);
            content.showText(code);
        }
        content.endText();
    }

    /**
     * The text as the font can print it: composed (a name typed with combining marks prints as the
     * font's precomposed letters), line breaks and other control characters as spaces, and a character
     * the font has no glyph for (an emoji, say) as '?'. Without this one such character in a product's
     * name would fail the whole job's sheet.
     */
    static String printable(PDFont font, String text) {
        var printable = new StringBuilder(text.length());
        Normalizer.normalize(text, Normalizer.Form.NFC).codePoints().forEach(point -> {
            if (Character.isISOControl(point) || Character.isWhitespace(point)) {
                printable.append(' ');
                return;
            }
            var character = Character.toString(point);
            try {
                font.encode(character);
                printable.append(character);
            } catch (IllegalArgumentException | IOException e) {
                printable.append('?');
            }
        });
        return printable.toString().strip();
    }

    /** The text, shortened with an ellipsis to fit the cell. */
    private static String fit(PDFont font, String text) throws IOException {
        if (font.getStringWidth(text) / 1000 * TEXT_SIZE <= TEXT_ROOM) {
            return text;
        }
        var shorter = text;
        while (!shorter.isEmpty() && font.getStringWidth(shorter + "…") / 1000 * TEXT_SIZE > TEXT_ROOM) {
            shorter = shorter.substring(0, shorter.length() - 1);
        }
        return shorter + "…";
    }

    private record Fonts(PDFont text, PDFont code) {}

    private static PDFont font(PDDocument document, String name) throws IOException {
        try (InputStream in = LabelSheet.class.getResourceAsStream("/liberation/" + name + ".ttf")) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return PDType0Font.load(document, in);
        }
    }
}
