package io.carecache.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar carecache-node.jar ...} as a child process with a clean CareCache environment.
 * Its stdout and stderr go to files: {@link Process#destroy()} closes the process's pipes, which
 * would lose the shutdown lines the tests look for.
 */
final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private NodeProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts the jar with {@code env} added to a copy of this environment stripped of CareCache variables. */
    static NodeProcess start(Path logDirectory, Map<String, String> env, String... args) {
        return start(logDirectory, env, List.of(), args);
    }

    /** As above, with extra JVM options before {@code -jar}. */
    static NodeProcess start(Path logDirectory, Map<String, String> env, List<String> jvmOptions, String... args) {
        Path jar = Path.of(System.getProperty("carecache.node.jar", "target/carecache-node.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("run after package: " + jar + " does not exist");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dhazelcast.phone.home.enabled=false", "-Djava.net.preferIPv4Stack=true"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        Path stdout = logDirectory.resolve("stdout.log");
        Path stderr = logDirectory.resolve("stderr.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        // Whatever the CI machine exports must not configure (or break) the node under test.
        builder.environment().keySet().removeIf(name -> name.startsWith("CARECACHE_") || name.startsWith("CACHE_")
                || name.startsWith("MONGODB_"));
        builder.environment().putAll(env);
        try {
            return new NodeProcess(builder.start(), stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Process process() {
        return process;
    }

    /** SIGTERM on Linux: the node's graceful shutdown. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL on Linux ({@code kill -9}): no shutdown hook, no flush; waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** The last {@code lines} lines of both streams, for failure reports. */
    String tail(int lines) {
        List<String> out = stdout();
        List<String> err = stderr();
        return "--- stdout (last " + lines + " lines) ---\n" + String.join("\n", out.subList(Math.max(0, out.size() - lines), out.size()))
                + "\n--- stderr (last " + lines + " lines) ---\n" + String.join("\n", err.subList(Math.max(0, err.size() - lines), err.size()));
    }

    boolean waitForExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    List<String> stdout() {
        return lines(stdout);
    }

    List<String> stderr() {
        return lines(stderr);
    }

    /** Both streams, for assertions on log lines and failure messages. */
    String output() {
        return String.join("\n", stdout()) + "\n" + String.join("\n", stderr());
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
