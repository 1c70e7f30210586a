package io.carecache.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** {@code java -jar carecache-node.jar ...} as a child process with a clean CareCache environment. */
final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final Thread stdoutPump;
    private final Thread stderrPump;

    private NodeProcess(Process process) {
        this.process = process;
        stdoutPump = pump(process.getInputStream(), stdout, "stdout");
        stderrPump = pump(process.getErrorStream(), stderr, "stderr");
    }

    static NodeProcess start(Map<String, String> env, String... args) {
        Path jar = Path.of(System.getProperty("carecache.node.jar", "target/carecache-node.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("run after package: " + jar + " does not exist");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dhazelcast.phone.home.enabled=false", "-Djava.net.preferIPv4Stack=true",
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        // Whatever the CI machine exports must not configure (or break) the node under test.
        builder.environment().keySet().removeIf(name -> name.startsWith("CARECACHE_") || name.startsWith("CACHE_")
                || name.startsWith("MONGODB_"));
        builder.environment().putAll(env);
        try {
            return new NodeProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Process process() {
        return process;
    }

    /** Waits for the process to exit and for its output to be read to the end. */
    boolean waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        stdoutPump.join(5_000);
        stderrPump.join(5_000);
        return true;
    }

    List<String> stdout() {
        return List.copyOf(stdout);
    }

    List<String> stderr() {
        return List.copyOf(stderr);
    }

    /** Both streams, for assertions on log lines and failure messages. */
    String output() {
        return String.join("\n", stdout) + "\n" + String.join("\n", stderr);
    }

    private static Thread pump(java.io.InputStream in, List<String> lines, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(" + name + " closed: " + e.getMessage() + ")");
            }
        }, "node-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
