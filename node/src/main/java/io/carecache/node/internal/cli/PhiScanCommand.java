package io.carecache.node.internal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carecache.PhiCategory;
import io.carecache.PhiFinding;
import io.carecache.PhiPolicy;
import io.carecache.PhiScreenResult;
import io.carecache.PhiScreener;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code phi-scan}: one text per line on standard input (UTF-8), one JSON object per line out:
 * {@code {"phi": true|false, "categories": [...], "spans": [[start, end, "CATEGORY"], ...]}}.
 * {@code phi} says whether the policy keeps the text out of the cache; categories and spans are
 * those of the findings that do. Offsets are UTF-16 code unit indices into the line, as in Java
 * and JavaScript strings. {@code --profile production} applies the production policy.
 */
public final class PhiScanCommand implements CliCommand {
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    public PhiScanCommand() {
        this(System.in, System.out, System.err);
    }

    PhiScanCommand(InputStream in, OutputStream out, PrintStream err) {
        this.in = in;
        this.out = new PrintStream(out, false, StandardCharsets.UTF_8);
        this.err = err;
    }

    @Override
    public String name() {
        return "phi-scan";
    }

    @Override
    public String summary() {
        return "screen one text per line of stdin for PHI; one JSON result per line on stdout [--profile seed|production]";
    }

    @Override
    public int run(String[] args) {
        PhiPolicy policy;
        try {
            policy = PhiCli.policy(args);
        } catch (IllegalArgumentException e) {
            err.println("phi-scan: " + e.getMessage());
            return EXIT_USAGE;
        }
        PhiScreener screener = PhiScreener.create(policy);
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.println(json.writeValueAsString(toJson(json, screener.screen(line))));
            }
            out.flush();
            return EXIT_OK;
        } catch (IOException e) {
            err.println("phi-scan: cannot read standard input: " + e.getClass().getSimpleName());
            return EXIT_FAILURE;
        }
    }

    static ObjectNode toJson(ObjectMapper json, PhiScreenResult result) {
        ObjectNode node = json.createObjectNode();
        node.put("phi", result.excluded());
        ArrayNode categories = node.putArray("categories");
        for (PhiCategory c : PhiCategory.values()) {
            if (result.excludedCategories().contains(c)) {
                categories.add(c.name());
            }
        }
        ArrayNode spans = node.putArray("spans");
        for (PhiFinding f : result.findings()) {
            if (result.excludedCategories().contains(f.category())) {
                spans.addArray().add(f.start()).add(f.end()).add(f.category().name());
            }
        }
        return node;
    }
}
