package vn.ocop.platform;

import vn.ocop.servers.LoopbackPorts;

/** A block of free ports for a test's platform (see {@link LoopbackPorts}). */
final class FreePorts {

    private FreePorts() {}

    static LocalPlatform.Ports platform() {
        int base = LoopbackPorts.block(8);
        return new LocalPlatform.Ports(base, base + 1, base + 2, base + 3, base + 4, base + 5, base + 6, base + 7);
    }
}
