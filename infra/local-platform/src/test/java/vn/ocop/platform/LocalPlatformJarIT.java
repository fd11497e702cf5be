package vn.ocop.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ocop.servers.LoopbackPorts;

/**
 * The run command's own artefact: the platform started from the packaged jar, as {@code ./platform
 * run} starts it (class loading inside a Spring Boot jar differs from a test's class path), stopped
 * by a signal as Ctrl-C stops it, leaving nothing running.
 */
class LocalPlatformJarIT {

    @TempDir
    Path data;

    @Test
    void theJarStartsThePlatformAndASignalStopsAllOfIt() throws Exception {
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        var jar = Files.list(Path.of("target"))
                .filter(p -> p.getFileName().toString().matches("ocop-local-platform-.*\\.jar"))
                .findFirst()
                .orElseThrow();
        var log = data.resolve("platform.log");
        var launcher = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Docop.root=" + Path.of("../..").toAbsolutePath().normalize(),
                        "-jar",
                        jar.toString(),
                        "--data-dir=" + data.resolve("platform"),
                        "--base-port=" + LoopbackPorts.block(8)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            var deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (!Files.readString(log).contains("OCOP platform is up in") && System.nanoTime() < deadline) {
                assertThat(launcher.isAlive())
                        .as("launcher alive; log:%n%s", Files.readString(log))
                        .isTrue();
                Thread.sleep(500);
            }
            assertThat(Files.readString(log)).contains("OCOP platform is up in", "Sample catalogue (invented data)");
            var children = launcher.descendants().toList();
            assertThat(children).as("services, Elasticsearch").hasSizeGreaterThanOrEqualTo(4);

            launcher.destroy();
            assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();

            for (var child : children) {
                assertThat(child.isAlive())
                        .as("%s stopped", child.info().commandLine().orElse("?"))
                        .isFalse();
            }
            assertThat(ProcessHandle.allProcesses()
                            .filter(p -> p.info().commandLine().orElse("").contains(data.toString())))
                    .as("nothing still uses the platform's data")
                    .isEmpty();
        } finally {
            // a failed start must not leave the services behind
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    /** The first of {@code count} consecutive free loopback ports. */
}
