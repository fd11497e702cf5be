package vn.ocop.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers the server processes this JVM started outside itself (Elasticsearch, the PostgreSQL
 * postmaster), so that the next start can stop any that a crashed JVM left behind.
 *
 * <p>Each entry is a file {@code <name>.<owner pid>} holding the server's pid and a word its command
 * line must contain; an entry whose owner JVM is gone and whose process still runs is an orphan.
 */
public final class OrphanRegistry {

    private static final Logger log = LoggerFactory.getLogger(OrphanRegistry.class);

    private final Path directory;

    public OrphanRegistry(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void record(String name, long pid, String commandMarker) {
        try {
            Files.writeString(entry(name), pid + "\n" + commandMarker + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void forget(String name) {
        try {
            Files.deleteIfExists(entry(name));
        } catch (IOException e) {
            log.debug("Could not remove {}", entry(name), e);
        }
    }

    /** Stops every recorded server whose owner JVM no longer runs. Returns how many it stopped. */
    public int reapOrphans() {
        int reaped = 0;
        try (var entries = Files.list(directory)) {
            for (var entry : entries.toList()) {
                var owner = ownerPid(entry);
                if (owner.isEmpty()
                        || ProcessHandle.of(owner.get())
                                .map(ProcessHandle::isAlive)
                                .orElse(false)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(entry);
                if (lines.size() >= 2) {
                    long pid = Long.parseLong(lines.get(0).trim());
                    String marker = lines.get(1).trim();
                    var orphan = ProcessHandle.of(pid)
                            .filter(ProcessHandle::isAlive)
                            .filter(p -> p.info().commandLine().orElse("").contains(marker));
                    if (orphan.isPresent()) {
                        log.warn("Stopping {} (pid {}) left behind by a JVM that is gone", entry.getFileName(), pid);
                        stopTree(orphan.get(), Duration.ofSeconds(20));
                        reaped++;
                    }
                }
                Files.deleteIfExists(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reaped;
    }

    /** Asks a process and its descendants to stop, then forces whatever is still running. */
    public static void stopTree(ProcessHandle process, Duration grace) {
        var descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
        for (var child : descendants) {
            try {
                child.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                child.destroyForcibly();
            }
        }
    }

    private Path entry(String name) {
        return directory.resolve(name + "." + ProcessHandle.current().pid());
    }

    private static Optional<Long> ownerPid(Path entry) {
        var fileName = entry.getFileName().toString();
        try {
            return Optional.of(Long.parseLong(fileName.substring(fileName.lastIndexOf('.') + 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
