package io.carecache;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports for test members, taken below the kernel's ephemeral range.
 *
 * <p>Asking the kernel for a free port ({@code new ServerSocket(0)}) and closing it hands out a
 * port from the ephemeral range, which the next {@code bind(0)} or outgoing connection of the JVM
 * may receive before the member binds it. The kernel never hands out ports below that range on its
 * own, so a port found free there stays free unless somebody names it. The node module's tests use
 * it too, through this module's test jar.
 */
public final class FreePorts {
    // Linux's default ephemeral range starts at 32768 (net.ipv4.ip_local_port_range).
    private static final int FIRST = 20_000;
    private static final int COUNT = 12_000;
    // A random start, so test JVMs running side by side rarely probe the same ports.
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(COUNT));

    private FreePorts() {
    }

    /** A port no other call of this JVM returned that nothing listens on now. */
    public static int next() {
        for (int i = 0; i < COUNT; i++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), COUNT);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + FIRST + " and " + (FIRST + COUNT - 1));
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
