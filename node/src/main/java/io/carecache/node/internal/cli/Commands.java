package io.carecache.node.internal.cli;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The registry of CLI subcommands: one line per command. */
public final class Commands {
    private static final List<CliCommand> ALL = List.of(
            new ServeCommand(),
            new ConfigKeysCommand(),
            new SemanticEvalCommand(),
            new io.carecache.node.internal.demo.DemoCommand(),
            new PhiScanCommand(),
            new PhiEvalCommand(),
            new ReencryptCommand()
    );

    private Commands() {
    }

    public static Optional<CliCommand> find(String name) {
        return ALL.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public static String names() {
        return ALL.stream().map(CliCommand::name).collect(Collectors.joining(", "));
    }
}
