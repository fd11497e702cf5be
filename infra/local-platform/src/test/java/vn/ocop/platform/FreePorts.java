package vn.ocop.platform;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Blocks of free ports for a test's platform, taken below Linux's ephemeral range (32768 and up), so
 * that a client connection opened meanwhile cannot take a port a service is about to listen on; and
 * from 26000-31999, clear of the single ports the embedded servers take (20000-25999).
 */
final class FreePorts {

    private FreePorts() {}

    static int block(int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = 26_000 + (int) (Math.random() * (6_000 - count));
            boolean free = true;
            for (int port = base; port < base + count && free; port++) {
                try (var socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                    socket.setReuseAddress(true);
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("No block of " + count + " free ports below 32000");
    }

    static LocalPlatform.Ports platform() {
        int base = block(8);
        return new LocalPlatform.Ports(base, base + 1, base + 2, base + 3, base + 4, base + 5, base + 6, base + 7);
    }
}
