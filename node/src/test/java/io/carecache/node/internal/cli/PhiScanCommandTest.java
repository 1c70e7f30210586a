package io.carecache.node.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code phi-scan}: one text per line in, one JSON object per line out. */
class PhiScanCommandTest {
    private record Outcome(int exit, List<JsonNode> lines, String stderr) {
    }

    private static Outcome scan(String stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PhiScanCommand command = new PhiScanCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit = command.run(args);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = out.toString(StandardCharsets.UTF_8).lines().map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }).toList();
        return new Outcome(exit, lines, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void run_oneTextPerLine_writesOneJsonObjectPerLine() throws Exception {
        Outcome outcome = scan("What helps with migraines?\ncall me at 503-555-0148\n");

        assertThat(outcome.exit()).isZero();
        assertThat(outcome.lines()).hasSize(2);
    }

    @Test
    void run_cleanText_reportsNoPhi() throws Exception {
        JsonNode line = scan("Is Crohn's hereditary?\n").lines().get(0);

        assertThat(line.get("phi").asBoolean()).isFalse();
        assertThat(line.get("categories")).isEmpty();
        assertThat(line.get("spans")).isEmpty();
    }

    @Test
    void run_textWithPhone_reportsCategoryAndSpan() throws Exception {
        JsonNode line = scan("call me at 503-555-0148\n").lines().get(0);

        assertThat(line.get("phi").asBoolean()).isTrue();
        assertThat(line.get("categories").get(0).asText()).isEqualTo("PHONE");
        JsonNode span = line.get("spans").get(0);
        assertThat(span.get(0).asInt()).isEqualTo(11);
        assertThat(span.get(1).asInt()).isEqualTo(23);
        assertThat(span.get(2).asText()).isEqualTo("PHONE");
    }

    @Test
    void run_utf8Input_keepsOffsetsInCharacters() throws Exception {
        JsonNode line = scan("Dr. Anika Sørensen prescribed prednisone\n").lines().get(0);

        JsonNode span = line.get("spans").get(0);
        assertThat(span.get(2).asText()).isEqualTo("NAME");
        assertThat("Dr. Anika Sørensen prescribed prednisone".substring(span.get(0).asInt(), span.get(1).asInt()))
                .isEqualTo("Anika Sørensen");
    }

    @Test
    void run_productionProfile_excludesNamesBelowTheThreshold() throws Exception {
        String text = "Zorvane, please advise on the dose\n";

        boolean seed = scan(text).lines().get(0).get("phi").asBoolean();
        boolean production = scan(text, "--profile", "production").lines().get(0).get("phi").asBoolean();

        assertThat(seed).isFalse();
        assertThat(production).isTrue();
    }

    @Test
    void run_unknownProfile_exitsTwoNamingTheOption() throws Exception {
        Outcome outcome = scan("x\n", "--profile", "staging");

        assertThat(outcome.exit()).isEqualTo(CliCommand.EXIT_USAGE);
        assertThat(outcome.stderr()).contains("--profile");
    }
}
