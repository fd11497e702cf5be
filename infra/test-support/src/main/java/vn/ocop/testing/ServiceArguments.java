package vn.ocop.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import vn.ocop.servers.EmbeddedServers;

/**
 * Command-line arguments that start a second instance of a service against the shared servers, with
 * a database of its own: for tests that stop an instance and start another (a crash and a restart).
 */
public final class ServiceArguments {

    private ServiceArguments() {}

    /** Creates {@code database} if needed; {@code extra} settings are added or override. */
    public static String[] withDatabase(String database, Map<String, String> extra) {
        var servers = EmbeddedServers.shared();
        servers.createDatabase(database);
        var settings = new LinkedHashMap<String, Object>(servers.addresses().serviceProperties(database));
        settings.put("server.port", "0");
        settings.putAll(extra);
        return settings.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                .toArray(String[]::new);
    }
}
