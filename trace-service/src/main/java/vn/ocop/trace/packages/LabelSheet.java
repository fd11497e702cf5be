package vn.ocop.trace.packages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * that they print sharp at any scale; the text is Liberation Sans, which has every Vietnamese letter.
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
            PDFont font;
            try (InputStream in = LabelSheet.class.getResourceAsStream("/liberation/LiberationSans-Regular.ttf")) {
                if (in == null) {
                    throw new IllegalStateException("Liberation Sans is missing from the class path");
                }
                font = PDType0Font.load(document, in);
            }
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
                    draw(document, content, font, productName, lot, labels.get(i), cell(i));
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
            PDFont font,
            String productName,
            String lot,
            Label label,
            float[] topLeft)
            throws IOException {
        float pageHeight = PDRectangle.A4.getHeight();
        var matrix = QrCodes.matrix(label.uri(), QrCodes.CORRECTION, QrCodes.QUIET_ZONE);
        var image = LosslessFactory.createFromImage(document, QrCodes.image(matrix, 1));
        image.setInterpolate(false);
        float size = matrix.getWidth() * MODULE; // about 32 mm for a package's link, quiet zone included
        float x = Math.round(topLeft[0] + (CELL_WIDTH - size) / 2);
        float top = Math.round(pageHeight - topLeft[1] - 4);
        content.drawImage(image, x, top - size, size, size);
        // three lines at the foot of the cell, clear of the code whatever its size
        float textY = pageHeight - topLeft[1] - CELL_HEIGHT + 4 + 2 * (TEXT_SIZE + 2);
        for (var line : List.of(fit(font, productName), "Lô / Lot: " + lot, "Số / No: " + label.serial())) {
            content.beginText();
            content.setFont(font, TEXT_SIZE);
            content.newLineAtOffset(topLeft[0] + 6, textY);
            content.showText(fit(font, line));
            content.endText();
            textY -= TEXT_SIZE + 2;
        }
    }

    /** The text, shortened with an ellipsis to fit the cell. */
    private static String fit(PDFont font, String text) throws IOException {
        float room = CELL_WIDTH - 12;
        if (font.getStringWidth(text) / 1000 * TEXT_SIZE <= room) {
            return text;
        }
        var shorter = text;
        while (!shorter.isEmpty() && font.getStringWidth(shorter + "…") / 1000 * TEXT_SIZE > room) {
            shorter = shorter.substring(0, shorter.length() - 1);
        }
        return shorter + "…";
    }
}
