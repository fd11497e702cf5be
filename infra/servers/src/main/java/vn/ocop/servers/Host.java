package vn.ocop.servers;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Facts about this machine the servers need: the loopback address, and who may run Elasticsearch and PostgreSQL. */
final class Host {

    static final String LOOPBACK = "127.0.0.1";

    /**
     * The account Elasticsearch runs as when this JVM is root (both it and PostgreSQL refuse root).
     * Defaults to {@code nobody}; {@code OCOP_SERVERS_RUN_AS=uid:gid} picks another.
     */
    private static final String RUN_AS = System.getenv().getOrDefault("OCOP_SERVERS_RUN_AS", "65534:65534");

    private Host() {}

    static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }

    /** The command, prefixed so that it runs as the unprivileged account when this JVM is root. */
    static List<String> unprivileged(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        var ids = RUN_AS.split(":");
        var prefixed = new ArrayList<String>(
                List.of("setpriv", "--reuid=" + ids[0], "--regid=" + ids[1], "--clear-groups", "--"));
        prefixed.addAll(command);
        return prefixed;
    }

    /** Hands {@code directory} (recursively) to the unprivileged account when this JVM is root. */
    static void handOver(Path directory) {
        if (isRoot()) {
            run(List.of("chown", "-R", RUN_AS, directory.toString()));
        }
    }

    /**
     * Fails clearly when this JVM is root and the unprivileged account could not reach {@code
     * directory} because a folder above it is private (such as a home directory).
     */
    static void requireTraversable(Path directory) throws IOException {
        if (!isRoot()) {
            return;
        }
        for (var folder = directory.toAbsolutePath(); folder != null; folder = folder.getParent()) {
            var permissions = java.nio.file.Files.getPosixFilePermissions(folder);
            if (!permissions.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("Elasticsearch runs as an unprivileged account and cannot reach "
                        + directory + " because " + folder + " is private; keep the data in a folder it can reach "
                        + "(for example under /var/tmp)");
            }
        }
    }

    static void run(List<String> command) {
        try {
            var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            var output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command) + " could not start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(String.join(" ", command) + " was interrupted", e);
        }
    }
}
