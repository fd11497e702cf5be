package vn.ocop.servers;

import java.util.Locale;

/**
 * Where a test's servers come from, chosen by the system property {@code ocop.servers.mode} or the
 * environment variable {@code OCOP_SERVERS_MODE}.
 */
public enum ServersMode {
    /** Real servers from Maven Central artifacts, in and beside this JVM (the default; needs no Docker). */
    EMBEDDED,
    /** The official container images through Testcontainers, for machines with Docker. */
    TESTCONTAINERS,
    /** Servers someone else runs, addressed by the usual Spring environment variables. */
    EXTERNAL;

    public static ServersMode current() {
        var value =
                System.getProperty("ocop.servers.mode", System.getenv().getOrDefault("OCOP_SERVERS_MODE", "embedded"));
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "ocop.servers.mode must be embedded, testcontainers or external, not " + value);
        }
    }
}
