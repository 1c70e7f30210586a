package io.carecache.node.internal.cli;

import io.carecache.node.internal.config.KeysMarkdown;

/** {@code config-keys}: prints every configuration key as the Markdown of {@code config/KEYS.md}. */
final class ConfigKeysCommand implements CliCommand {
    @Override
    public String name() {
        return "config-keys";
    }

    @Override
    public String summary() {
        return "print every configuration key with its environment name, default, unit and range (Markdown)";
    }

    @Override
    public int run(String[] args) {
        if (args.length > 0) {
            System.err.println("carecache-node config-keys: takes no arguments");
            return EXIT_USAGE;
        }
        System.out.print(KeysMarkdown.render());
        System.out.flush();
        return EXIT_OK;
    }
}
