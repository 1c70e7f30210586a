package io.carecache.node.internal.config;

import io.carecache.node.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI turns a configuration error into exit code 2 and one line on stderr. */
class ConfigCliTest {

    private record Outcome(int exit, String stderr) {
    }

    private static Outcome run(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new Outcome(exit, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void serve_unknownOption_exitsTwoWithOneLineNamingIt() {
        Outcome outcome = run("serve", "--profil", "production");

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.stderr().lines()).singleElement().asString()
                .startsWith("carecache-node: invalid configuration: --profil:");
    }

    @Test
    void defaultCommand_unknownProfileFlag_exitsTwoNamingAllowedProfiles() {
        Outcome outcome = run("--profile", "staging");

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.stderr().lines()).singleElement().asString()
                .contains("--profile").contains("development, production, high-traffic").doesNotContain("Exception");
    }
}
