package io.carecache;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortsTest {

    @Test
    void next_afterAnEphemeralBind_neverReturnsAPortTheKernelHandsOut() throws IOException {
        // The CI failure this replaced: a port from bind(0), closed, went to the embedded MongoDB's bind(0).
        int ephemeral;
        try (ServerSocket s = new ServerSocket(0)) {
            ephemeral = s.getLocalPort();
        }

        int port = FreePorts.next();

        assertThat(port).isNotEqualTo(ephemeral).isBetween(20_000, 31_999);
    }

    @Test
    void next_calledRepeatedly_returnsDistinctPorts() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ports.add(FreePorts.next());
        }

        assertThat(ports).hasSize(200);
    }

    @Test
    void next_portInUse_skipsIt() throws IOException {
        int port = FreePorts.next();
        try (ServerSocket taken = new ServerSocket(port + 1)) {
            int following = FreePorts.next();

            assertThat(following).isNotEqualTo(taken.getLocalPort());
        }
    }
}
