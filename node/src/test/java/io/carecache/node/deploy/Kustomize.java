package io.carecache.node.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renders kustomizations with {@code kubectl kustomize} (kustomize is built into kubectl), or with a
 * standalone {@code kustomize build} where kubectl is absent (k8s/check.sh installs one or the other).
 */
final class Kustomize {
    private static final long TIMEOUT_SECONDS = 120;
    private static final List<List<String>> COMMANDS = List.of(
            List.of("kubectl", "kustomize"), List.of("kustomize", "build"));
    private static final Optional<List<String>> COMMAND = COMMANDS.stream().filter(Kustomize::runs).findFirst();

    private Kustomize() {
    }

    /** Whether kubectl or kustomize can be run. */
    static boolean available() {
        return COMMAND.isPresent();
    }

    /** The documents the kustomization in {@code directory} renders to, in order. */
    static List<Map<String, Object>> render(Path directory) {
        List<String> command = new ArrayList<>(COMMAND.orElseThrow(() ->
                new IllegalStateException("neither kubectl nor kustomize is installed (k8s/check.sh installs one)")));
        command.add(directory.toString());
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String output = read(process.getInputStream());
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took over " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + errors.join().strip());
            }
            return parse(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + directory, e);
        }
    }

    // "kubectl kustomize --help" / "kustomize build --help": present and able to build.
    private static boolean runs(List<String> command) {
        List<String> probe = new ArrayList<>(command);
        probe.add("--help");
        try {
            Process process = new ProcessBuilder(probe).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parse(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    /** The repository root: the nearest directory upwards from the working directory with {@code k8s/}. */
    static Path repositoryRoot() {
        Path directory = Path.of("").toAbsolutePath();
        for (Path candidate = directory; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("k8s/overlays"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no k8s/overlays above " + directory);
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
