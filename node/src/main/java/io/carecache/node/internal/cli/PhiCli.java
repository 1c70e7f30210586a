package io.carecache.node.internal.cli;

import io.carecache.PhiPolicy;

/** Options shared by the PHI commands. */
final class PhiCli {
    private PhiCli() {
    }

    /** {@code --profile seed|development|production}; the seed policy when absent. */
    static PhiPolicy policy(String[] args) {
        String profile = option(args, "--profile", "seed");
        return switch (profile) {
            case "seed", "development" -> PhiPolicy.SEED;
            case "production" -> PhiPolicy.production();
            default -> throw new IllegalArgumentException("--profile must be seed, development or production, was " + profile);
        };
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                return args[i + 1];
            }
            if (args[i].startsWith(name + "=")) {
                return args[i].substring(name.length() + 1);
            }
        }
        return fallback;
    }
}
