package vn.ocop.qr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class QrCodesTests {

    private static final String LINK = "https://id.ocop.test/01/08930000000019/10/LOT-2026-01/21/7QK2M9XD4WBT6RZC8HNA";

    @Test
    void pngDecodesBackToItsTextWithAQuietZoneOfFourModules() throws Exception {
        var image = ImageIO.read(new ByteArrayInputStream(QrCodes.png(LINK, 4)));

        assertThat(QrCodes.decode(image)).contains(LINK);
        var matrix = QrCodes.matrix(LINK, QrCodes.CORRECTION, QrCodes.QUIET_ZONE);
        assertThat(image.getWidth()).isEqualTo(matrix.getWidth() * 4);
        for (int i = 0; i < 4 * 4; i++) {
            assertThat(image.getRGB(i, i) & 0xFFFFFF)
                    .as("quiet zone pixel %d", i)
                    .isEqualTo(0xFFFFFF);
        }
        // the finder pattern starts right after the quiet zone
        assertThat(image.getRGB(16, 16) & 0xFFFFFF).isZero();
    }

    @Test
    void svgHasOneUnitPerModuleAndKeepsTheQuietZone() {
        var svg = QrCodes.svg(LINK);
        var size = QrCodes.matrix(LINK, QrCodes.CORRECTION, QrCodes.QUIET_ZONE).getWidth();

        assertThat(svg)
                .startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size + "\"");
        assertThat(svg).contains("M4 4h7v1h-7z"); // the top row of the first finder pattern, after the quiet zone
    }

    @Test
    void everyCodeOfAThousandPackageLinksReadsBack() {
        var random = new java.util.Random(7);
        var alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        for (int i = 0; i < 1000; i++) {
            var serial = new StringBuilder();
            for (int c = 0; c < 20; c++) {
                serial.append(alphabet.charAt(random.nextInt(32)));
            }
            var link = "https://id.ocop.vn/01/08930000010018/10/THV-2026-05/21/" + serial;

            assertThat(QrCodes.decode(QrCodes.image(QrCodes.matrix(link, QrCodes.CORRECTION, QrCodes.QUIET_ZONE), 3)))
                    .as(link)
                    .contains(link);
        }
    }

    @Test
    void anUnreadableImageDecodesToNothing() {
        var blank = new java.awt.image.BufferedImage(100, 100, java.awt.image.BufferedImage.TYPE_INT_RGB);

        assertThat(QrCodes.decode(blank)).isEmpty();
        assertThat(QrCodes.decodeAll(blank)).isEmpty();
    }
}
