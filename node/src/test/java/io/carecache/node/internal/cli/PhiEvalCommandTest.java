package io.carecache.node.internal.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code phi-eval} on the development sets in {@code shared/data/phi} (found by walking up from
 * the working directory): prints the tables, and the screener meets the targets there.
 */
class PhiEvalCommandTest {
    private static String evaluate() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new PhiEvalCommand(new PrintStream(out, true, StandardCharsets.UTF_8)).run(new String[0]);
        assertThat(exit).as("shared/data/phi must sit beside the repository").isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static double column(String report, String rowStart, int column) {
        Matcher m = Pattern.compile("(?m)^\\| " + Pattern.quote(rowStart) + "[^|]* \\|(.*)$").matcher(report);
        assertThat(m.find()).as("row " + rowStart).isTrue();
        String[] cells = m.group(1).split("\\|");
        return Double.parseDouble(cells[column].trim().replaceAll(" .*", ""));
    }

    @Test
    void run_developmentSets_meetsRecallAndPrecisionTargets() {
        String report = evaluate();

        assertThat(column(report, "NAME", 1)).as("name recall").isGreaterThanOrEqualTo(0.97);
        assertThat(column(report, "structured", 1)).as("structured recall").isGreaterThanOrEqualTo(0.99);
        Matcher clean = Pattern.compile("clean medical questions left clean: \\d+/\\d+ \\(([0-9.]+)\\)").matcher(report);
        assertThat(clean.find()).isTrue();
        assertThat(Double.parseDouble(clean.group(1))).as("clean precision").isGreaterThanOrEqualTo(0.90);
    }
}
