package io.carecache.node;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bad setting stops the real jar with exit code 2 and one line naming the setting, no stack trace.
 * (Named Serve*, not Config*, so that {@code -Dtest=Config*} selects only the configuration unit tests.)
 */
class ServeConfigErrorIT {
    @TempDir
    Path logs;

    private NodeProcess node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void serve_outOfRangeEnvironmentValue_exitsTwoNamingTheSetting() throws Exception {
        node = NodeProcess.start(logs, Map.of("CACHE_L2_TTL_SECONDS", "0"), "serve");

        assertThat(node.waitForExit(Duration.ofSeconds(60))).as("exited within 60 s").isTrue();
        assertThat(node.process().exitValue()).as(node.output()).isEqualTo(2);
        assertThat(node.stderr()).as(node.output()).hasSize(1);
        assertThat(node.stderr().get(0)).contains("CACHE_L2_TTL_SECONDS").contains("1 to 604800 seconds")
                .contains("was 0");
        assertThat(node.output()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void serve_productionWithoutMongoUri_exitsTwoNamingMongoUri() throws Exception {
        node = NodeProcess.start(logs, Map.of("CARECACHE_PROFILE", "production"), "serve");

        assertThat(node.waitForExit(Duration.ofSeconds(60))).as("exited within 60 s").isTrue();
        assertThat(node.process().exitValue()).as(node.output()).isEqualTo(2);
        assertThat(node.stderr()).as(node.output()).singleElement().asString().contains("MONGODB_URI");
    }
}
