package io.carecache.node.internal.cli;

import io.carecache.CareCache;
import io.carecache.CareCacheClient;
import io.carecache.CareCacheException;
import io.carecache.InvalidConfigurationException;
import io.carecache.KeyRing;
import io.carecache.KeyRingException;
import io.carecache.ReencryptionReport;
import io.carecache.node.NodeSettings;
import io.carecache.node.SemanticGrid;
import io.carecache.node.internal.config.ConfigOptions;
import io.carecache.node.internal.config.NodeConfigLoader;

import java.io.PrintStream;
import java.util.Map;

/**
 * {@code reencrypt}: after a key rotation, moves every cached entry to the key ring's active key
 * ({@link CareCache#reencrypt()}). Connects to the cluster as a client, with the node's configuration
 * (cluster name, members, cache settings; {@code --profile}, {@code --config}) and the key ring from
 * the environment ({@code CARECACHE_KEY_RING_FILE}, or {@code CARECACHE_KEYS} and
 * {@code CARECACHE_ACTIVE_KEY_ID}): the keys stay in this process, never on a member. Prints the
 * report as one JSON line; exits 0 when complete (the older keys can leave the ring), 1 otherwise.
 */
public final class ReencryptCommand implements CliCommand {
    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    public ReencryptCommand() {
        this(System.getenv(), System.out, System.err);
    }

    ReencryptCommand(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    @Override
    public String name() {
        return "reencrypt";
    }

    @Override
    public String summary() {
        return "move every cached entry to the key ring's active key (ring from CARECACHE_KEY_RING_FILE or CARECACHE_KEYS)"
                + " [--profile NAME] [--config FILE]";
    }

    @Override
    public int run(String[] args) {
        NodeSettings settings;
        KeyRing ring;
        try {
            settings = NodeConfigLoader.fromClasspath(environment).load(ConfigOptions.parse(args));
            ring = KeyRing.fromEnvironment(environment);
        } catch (InvalidConfigurationException | KeyRingException e) {
            err.println("reencrypt: " + e.getMessage());
            return EXIT_USAGE;
        }
        if (settings.members().isEmpty()) {
            err.println("reencrypt: needs carecache.cluster.members (Kubernetes discovery is for members; "
                    + "give the client a member address)");
            return EXIT_USAGE;
        }
        try (CareCache cache = CareCacheClient.builder().clusterName(settings.clusterName())
                .addresses(settings.members().toArray(String[]::new)).settings(settings.cache()).keyRing(ring)
                // the semantic index's sealed questions move too
                .semanticIndex(client -> SemanticGrid.index(client, settings.cache())).build()) {
            ReencryptionReport r = cache.reencrypt();
            out.printf("{\"active_key_id\":\"%s\",\"scanned\":%d,\"reencrypted\":%d,\"skipped\":%d,\"unreadable\":%d,"
                            + "\"subject_keys_rewrapped\":%d,\"questions_resealed\":%d,\"questions_unreadable\":%d,"
                            + "\"complete\":%b}%n", r.activeKeyId(), r.scanned(), r.reencrypted(), r.skipped(), r.unreadable(),
                    r.subjectKeysRewrapped(), r.questions().resealed(), r.questions().unreadable(), r.complete());
            out.flush();
            return r.complete() ? EXIT_OK : EXIT_FAILURE;
        } catch (CareCacheException e) {
            err.println("reencrypt: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }
}
