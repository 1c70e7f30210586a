package io.carecache;

/** The tier that answered a lookup. */
public enum Tier {
    /** The near cache inside this process (client or embedded member). */
    L1,
    /** The partitioned {@code responses} IMap in the grid. */
    L2,
    /** MongoDB, read through the IMap's MapStore. */
    L3,
    /** A cached answer to a paraphrase of the question, found by embedding similarity. */
    SEMANTIC,
    /** No tier held an answer. */
    MISS,
    /** The request carried PHI and went around the shared cache entirely. */
    BYPASS;

    /** Whether an answer came from the cache. */
    public boolean isHit() {
        return this == L1 || this == L2 || this == L3 || this == SEMANTIC;
    }
}
