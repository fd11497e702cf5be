package vn.ocop.trace.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.ocop.servers.EmbeddedServers;
import vn.ocop.testing.Http;
import vn.ocop.testing.KafkaRecords;
import vn.ocop.testing.ServiceIntegrationTest;
import vn.ocop.testing.TestTokens;
import vn.ocop.trace.TraceFixtures;
import vn.ocop.trace.catalogue.ProductCopies;

/**
 * The scan page in a real browser: Debian's Chromium, headless, in a phone-sized window (360 pixels
 * wide), reading what it renders and what it draws. The build scripts install Chromium; without it
 * this test fails and says so.
 */
@ServiceIntegrationTest
class TracePageBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    ProductCopies products;

    @TempDir
    Path profile;

    private final KafkaRecords kafka =
            new KafkaRecords(EmbeddedServers.shared().addresses().kafkaBootstrapServers());

    @Test
    void aPhoneShowsTheStoryOfTheBatchAndARecallInRed() throws Exception {
        var fixture = new TraceFixtures(port, products, kafka).fixture("BROWSER-1", 1);
        var http = new Http(port);
        var token = TestTokens.producer(fixture.producer());
        assertThat(http.post(
                                "/api/batches/" + fixture.batch() + "/events",
                                token,
                                Map.of(
                                        "bizStep", "commissioning",
                                        "eventTime", "2026-05-02T06:30:00+07:00",
                                        "bizLocation", "Đồi chè Làng Mới (sample data)"))
                        .status())
                .isEqualTo(201);
        assertThat(http.post(
                                "/api/batches/" + fixture.batch() + "/recall",
                                token,
                                Map.of("reason", "Sai nhãn hạn dùng (sample data)"))
                        .status())
                .isEqualTo(200);
        var url = "http://127.0.0.1:" + port + fixture.path();

        var vietnamese = chromium("--dump-dom", url);
        assertThat(vietnamese)
                .contains("<html lang=\"vi\">")
                .contains("Trà hoa vàng Ba Chẽ (sample data)")
                .contains("OCOP 4 sao")
                .contains("THU HỒI")
                .contains("Sai nhãn hạn dùng (sample data)")
                .contains("BROWSER-1")
                .contains("Thu hoạch / sản xuất")
                .contains("Số lần quét");
        assertThat(chromium("--dump-dom", url + "?lang=en"))
                .contains("<html lang=\"en\">")
                .contains("RECALLED");

        var screenshot = profile.resolve("page.png");
        chromium("--screenshot=" + screenshot, url);
        var image = ImageIO.read(screenshot.toFile());
        assertThat(image.getWidth()).isEqualTo(360);
        int red = 0;
        for (int y = 0; y < Math.min(image.getHeight(), 300); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
                if (Math.abs(r - 0xC5) < 12 && Math.abs(g - 0x30) < 12 && Math.abs(b - 0x30) < 12) {
                    red++;
                }
            }
        }
        assertThat(red)
                .as("the recall banner, drawn in red near the top of the screen")
                .isGreaterThan(360 * 20);
    }

    private String chromium(String... arguments) throws Exception {
        var command = new ArrayList<>(List.of(
                browser(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--user-data-dir=" + profile.resolve("chromium"),
                "--window-size=360,740",
                "--virtual-time-budget=3000"));
        command.addAll(List.of(arguments));
        var process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        assertThat(process.exitValue()).as("chromium's exit status").isZero();
        return out;
    }

    private static String browser() {
        for (var candidate : List.of(
                System.getenv().getOrDefault("OCOP_CHROMIUM", ""), "/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (!candidate.isEmpty() && Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("The browser test needs Chromium: ./platform test installs it when run as root, or run"
                + " 'apt-get install chromium' (or set OCOP_CHROMIUM to a Chromium binary).");
    }
}
