package io.carecache.node.internal.cli;

/** One subcommand of the node CLI. */
public interface CliCommand {
    int EXIT_OK = 0;
    int EXIT_FAILURE = 1;
    int EXIT_USAGE = 2;

    /** The name typed on the command line. */
    String name();

    /** One line for the usage text. */
    String summary();

    /** Runs with the arguments after the command name; returns the exit code. */
    int run(String[] args);
}
