package io.carecache.internal.compute;

import java.util.Optional;
import java.util.UUID;

/**
 * A value in the in-flight map: a computation {@code RUNNING} under a token, or the
 * {@code FAILED} marker its leader left. Plain strings, so members need no class of ours;
 * the failure names only the exception type, never a message that could carry query text.
 */
record Lease(boolean running, String token, long atMillis, String cause) {
    private static final String RUNNING = "R";
    private static final String FAILED = "F";

    static Lease start(long nowMillis) {
        return new Lease(true, UUID.randomUUID().toString(), nowMillis, "");
    }

    Lease failed(long nowMillis, Throwable error) {
        return new Lease(false, token, nowMillis, error.getClass().getSimpleName());
    }

    String encode() {
        return (running ? RUNNING : FAILED) + "|" + token + "|" + atMillis + "|" + cause;
    }

    /** The lease a stored value encodes; empty for no value (or one this version cannot read). */
    static Optional<Lease> decode(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("\\|", 4);
        if (parts.length != 4 || !(RUNNING.equals(parts[0]) || FAILED.equals(parts[0]))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Lease(RUNNING.equals(parts[0]), parts[1], Long.parseLong(parts[2]), parts[3]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
