package io.carecache.node.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carecache.node.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    @Test
    void demo_json_everyTierAnswersAndLastLineIsTheReport() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = Main.run(new String[] {"demo", "--json", "--requests", "600"});
        } finally {
            System.setOut(original);
        }
        assertThat(exit).isZero();
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        JsonNode report = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(report.get("requests").asInt()).isEqualTo(600);
        for (String tier : List.of("l1", "l2", "l3")) {
            assertThat(report.at("/hit_rate/" + tier).asDouble()).as("hit rate of " + tier).isGreaterThan(0);
            assertThat(report.at("/latency_us/" + tier + "/p50").asDouble()).as("p50 of " + tier).isGreaterThan(0);
        }
        assertThat(report.at("/hit_rate/overall").asDouble()).isGreaterThan(0.5);
        assertThat(report.at("/hit_rate/semantic").asDouble()).as("paraphrases answered semantically").isGreaterThan(0);
        assertThat(report.get("writes").asLong()).isEqualTo(report.get("pipeline_calls").asLong());
    }

    @Test
    void demo_unknownOption_exitsWithUsageCode() {
        assertThat(Main.run(new String[] {"demo", "--fast"})).isEqualTo(2);
    }
}
