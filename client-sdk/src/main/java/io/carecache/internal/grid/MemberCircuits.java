package io.carecache.internal.grid;

import com.hazelcast.core.HazelcastInstance;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The circuit breakers of one process, by name, kept in the instance's user context so that
 * member-side breakers (the MongoDB store's {@code mongodb}) show in an embedded facade's
 * {@code stats()} and in the member's metrics without static state. A thin client's user context
 * holds none of the members' breakers: its {@code stats()} shows only its own.
 */
public final class MemberCircuits {
    private static final String USER_CONTEXT_KEY = "carecache.circuits";

    private MemberCircuits() {
    }

    /** Registers (or replaces) the breaker {@code name}; {@code state} gives {@code CLOSED}, {@code OPEN}, ... */
    public static void register(HazelcastInstance instance, String name, Supplier<String> state) {
        registry(instance).put(name, state);
    }

    /** The current state of every breaker registered on {@code instance}, by name. */
    public static Map<String, String> states(HazelcastInstance instance) {
        Map<String, String> out = new TreeMap<>();
        registry(instance).forEach((name, state) -> out.put(name, state.get()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static ConcurrentMap<String, Supplier<String>> registry(HazelcastInstance instance) {
        return (ConcurrentMap<String, Supplier<String>>) instance.getUserContext()
                .computeIfAbsent(USER_CONTEXT_KEY, k -> new ConcurrentHashMap<String, Supplier<String>>());
    }
}
