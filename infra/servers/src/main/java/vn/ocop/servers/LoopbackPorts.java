package vn.ocop.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ports on 127.0.0.1 for servers that bind them a little later: taken below Linux's ephemeral range
 * (32768 and up), so that a client connection opened meanwhile cannot take one. Single ports come from
 * 20000-25999, never handed out twice by one JVM; blocks of consecutive ports, for a whole platform,
 * from 26000-31999, so that the two cannot meet.
 */
public final class LoopbackPorts {

    private static final int SINGLE_FROM = 20_000;
    private static final int BLOCKS_FROM = 26_000;
    private static final int RANGE = 6_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final Random RANDOM = new Random();

    private LoopbackPorts() {}

    /** One port that was free a moment ago. */
    public static int single() {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = SINGLE_FROM + RANDOM.nextInt(RANGE);
            if (HANDED_OUT.add(port) && free(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free loopback port in " + SINGLE_FROM + "-" + (SINGLE_FROM + RANGE - 1));
    }

    /** The first of {@code count} consecutive ports that were all free a moment ago. */
    public static int block(int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = BLOCKS_FROM + RANDOM.nextInt(RANGE - count);
            boolean free = true;
            for (int port = base; port < base + count && free; port++) {
                free = free(port);
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException(
                "No block of " + count + " free loopback ports in " + BLOCKS_FROM + "-" + (BLOCKS_FROM + RANGE - 1));
    }

    private static boolean free(int port) {
        try (var socket = new ServerSocket(port, 1, InetAddress.getByName(Host.LOOPBACK))) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
