package vn.ocop.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanRegistryTests {

    @TempDir
    Path directory;

    @Test
    void stopsAServerWhoseOwnerJvmIsGone() throws Exception {
        var server = new ProcessBuilder("sleep", "300").start();
        var deadOwner = deadPid();
        Files.writeString(directory.resolve("elasticsearch." + deadOwner), server.pid() + "\nsleep\n");

        int reaped = new OrphanRegistry(directory).reapOrphans();

        assertThat(reaped).isEqualTo(1);
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void leavesServersOfARunningJvmAlone() throws Exception {
        var server = new ProcessBuilder("sleep", "300").start();
        try {
            var registry = new OrphanRegistry(directory);
            registry.record("elasticsearch", server.pid(), "sleep");

            assertThat(registry.reapOrphans()).isZero();
            assertThat(server.isAlive()).isTrue();
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void neverStopsAProcessWhoseCommandLineDoesNotMatch() throws Exception {
        var unrelated = new ProcessBuilder("sleep", "300").start();
        try {
            Files.writeString(directory.resolve("postgres." + deadPid()), unrelated.pid() + "\n/some/postgres/data\n");

            assertThat(new OrphanRegistry(directory).reapOrphans()).isZero();
            assertThat(unrelated.isAlive()).isTrue();
        } finally {
            unrelated.destroyForcibly();
        }
    }

    private static long deadPid() throws Exception {
        var finished = new ProcessBuilder("true").start();
        finished.waitFor();
        return finished.pid();
    }
}
