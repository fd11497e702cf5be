package vn.ocop.trace.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripperByArea;
import org.junit.jupiter.api.Test;
import vn.ocop.qr.QrCodes;

/**
 * Every label of a sheet, rendered as a printer would see it, reads back as its own Digital Link, and
 * prints its lot and serial in full inside its own cell.
 */
class LabelSheetTests {

    @Test
    void theWidestLotAndSerialsArePrintedInFullInsideTheirCells() throws Exception {
        var lot = "W".repeat(20); // the longest lot GS1 allows, in the widest letter of a proportional font
        var serials = List.of("W".repeat(20), "M".repeat(20), "00157PQWRXQWRWC35BGW", Serials.next());
        var labels = serials.stream()
                .map(serial -> new LabelSheet.Label(
                        serial, "https://id.ocop.vn/01/08930000010018/10/" + lot + "/21/" + serial))
                .toList();

        var pdf = LabelSheet.render("Trà hoa vàng Ba Chẽ hộp 100 g, loại đặc biệt (sample data)", lot, labels);

        try (var document = Loader.loadPDF(pdf)) {
            var stripper = new PDFTextStripperByArea();
            for (int i = 0; i < labels.size(); i++) {
                var corner = LabelSheet.cell(i);
                stripper.addRegion(
                        "cell " + i,
                        new Rectangle2D.Float(corner[0], corner[1], LabelSheet.CELL_WIDTH, LabelSheet.CELL_HEIGHT));
            }
            stripper.extractRegions(document.getPage(0));
            for (int i = 0; i < labels.size(); i++) {
                assertThat(stripper.getTextForRegion("cell " + i))
                        .as("the text of cell %d", i)
                        .contains("Lô / Lot: " + lot)
                        .contains("Số / No: " + serials.get(i))
                        .contains("…")
                        .doesNotContain("Số / No: " + serials.get((i + 1) % serials.size()));
            }
        }
    }

    @Test
    void aNameWithCharactersTheFontLacksStillMakesASheet() throws Exception {
        var serial = Serials.next();
        var labels = List.of(new LabelSheet.Label(serial, "https://id.ocop.vn/01/08930000010018/10/L1/21/" + serial));
        // An emoji, a line break, and Vietnamese typed with combining marks (NFD), as a phone may send it.
        var name = java.text.Normalizer.normalize("Mật ong 🍯\nrừng (sample data)", java.text.Normalizer.Form.NFD);

        var pdf = LabelSheet.render(name, "L1", labels);

        try (var document = Loader.loadPDF(pdf)) {
            var text = new org.apache.pdfbox.text.PDFTextStripper().getText(document);
            assertThat(text).contains("Mật ong ? rừng (sample data)").contains("Số / No: " + serial);
        }
    }

    @Test
    void theLongestLinkStaysInItsCodeAreaAboveTheText() throws Exception {
        // A resolver on a long address, the longest lot (every character escaped) and a long serial.
        var lot = "/".repeat(20);
        var serial = "W".repeat(20);
        var uri = "https://truyxuat.quangninh.gov.vn/01/08930000010018/10/" + "%2F".repeat(20) + "/21/" + serial;
        var labels = List.of(new LabelSheet.Label(serial, uri), new LabelSheet.Label(serial, uri));
        var modules =
                QrCodes.matrix(uri, QrCodes.CORRECTION, QrCodes.QUIET_ZONE).getWidth();
        assertThat(modules * LabelSheet.MODULE)
                .as("at two points a module, the code would run into the text")
                .isGreaterThan(LabelSheet.CODE_AREA_HEIGHT - 4);

        var pdf = LabelSheet.render("Trà hoa vàng Ba Chẽ (sample data)", lot, labels);

        try (var document = Loader.loadPDF(pdf)) {
            var image = new PDFRenderer(document).renderImage(0, 2, ImageType.GRAY);
            for (int i = 0; i < labels.size(); i++) {
                var corner = LabelSheet.cell(i);
                var codeArea = image.getSubimage(
                        (int) (corner[0] * 2), (int) (corner[1] * 2), (int) (LabelSheet.CELL_WIDTH * 2), (int)
                                (LabelSheet.CODE_AREA_HEIGHT * 2));
                assertThat(QrCodes.decode(codeArea)).as("cell %d", i).contains(uri);
            }
        }
        assertThat(LabelSheet.module(modules)).isBetween(1f, LabelSheet.MODULE);
    }

    @Test
    void everyCodeOnTheSheetDecodesToItsUri() throws Exception {
        var labels = new ArrayList<LabelSheet.Label>();
        for (int i = 0; i < 240; i++) {
            var serial = Serials.next();
            labels.add(
                    new LabelSheet.Label(serial, "https://id.ocop.vn/01/08930000010018/10/THV-2026-05/21/" + serial));
        }

        var pdf = LabelSheet.render("Trà hoa vàng Ba Chẽ hộp 100 g (sample data)", "THV-2026-05", labels);

        try (var document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isEqualTo(10);
            var renderer = new PDFRenderer(document);
            var unread = new ArrayList<Integer>();
            for (int page = 0; page < document.getNumberOfPages(); page++) {
                var image = renderer.renderImage(page, 2, ImageType.GRAY);
                for (int cell = 0; cell < 24; cell++) {
                    int index = page * 24 + cell;
                    var corner = LabelSheet.cell(index);
                    var crop = image.getSubimage(
                            (int) (corner[0] * 2), (int) (corner[1] * 2), (int) (LabelSheet.CELL_WIDTH * 2), (int)
                                    (LabelSheet.CODE_AREA_HEIGHT * 2));
                    var read = QrCodes.decode(crop);
                    if (!read.equals(java.util.Optional.of(labels.get(index).uri()))) {
                        unread.add(index);
                    }
                }
            }
            assertThat(unread).as("labels that did not read back").isEmpty();
        }
    }
}
