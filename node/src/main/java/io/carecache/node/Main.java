package io.carecache.node;

import io.carecache.InvalidConfigurationException;
import io.carecache.node.internal.cli.CliCommand;
import io.carecache.node.internal.cli.Commands;

import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code carecache-node.jar} command line: {@code serve} (the default), {@code demo} and the
 * operator tools. Exit codes: 0 success, 1 runtime failure, 2 bad usage or configuration.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String[] args) {
        String name = args.length == 0 || args[0].startsWith("-") ? "serve" : args[0];
        String[] rest = args.length == 0 || args[0].startsWith("-") ? args : Arrays.copyOfRange(args, 1, args.length);
        Optional<CliCommand> command = Commands.find(name);
        if (command.isEmpty()) {
            System.err.println("carecache-node: unknown command '" + name + "'. Commands: " + Commands.names());
            return CliCommand.EXIT_USAGE;
        }
        try {
            return command.get().run(rest);
        } catch (InvalidConfigurationException e) {
            // An operator's mistake: one line naming the setting, never a stack trace.
            System.err.println("carecache-node: invalid configuration: " + e.getMessage().replaceAll("\\s*\\R\\s*", " "));
            return CliCommand.EXIT_USAGE;
        }
    }
}
