package io.carecache.node.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** Loaders over the YAML shipped in {@code config/} (on the test classpath), optionally replacing some files. */
final class TestLoaders {
    private TestLoaders() {
    }

    static NodeConfigLoader shipped(Map<String, String> env) {
        return withResources(Map.of(), env);
    }

    static NodeConfigLoader withResources(Map<String, String> replaced, Map<String, String> env) {
        return new NodeConfigLoader(name -> replaced.containsKey(name)
                ? Optional.of(replaced.get(name)) : classpath(name), env);
    }

    static Optional<String> classpath(String name) {
        try (InputStream in = TestLoaders.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
