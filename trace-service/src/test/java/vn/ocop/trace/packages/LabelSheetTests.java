package vn.ocop.trace.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Test;
import vn.ocop.qr.QrCodes;

/** Every label of a sheet, rendered as a printer would see it, reads back as its own Digital Link. */
class LabelSheetTests {

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
