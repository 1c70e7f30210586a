package io.carecache;

import io.carecache.internal.phi.PhiEngine;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Finds the HIPAA Safe Harbor identifiers (45 CFR 164.514(b)(2)) in text: names, addresses and
 * ZIP codes, dates tied to a person, ages over 89, phone and fax numbers, e-mail addresses, SSNs,
 * medical record, health plan, account, licence, vehicle and device numbers, URLs, IP addresses,
 * biometric identifiers and other unique numbers. Formats with a checksum (payment cards, NPI,
 * VIN, IBAN) are verified; context cues ("MRN", "member ID", "DOB", "my name is", titles,
 * relations) raise confidence. How names are found, and where the word lists come from, is
 * described in {@code docs/phi-screening.md}.
 *
 * <p>Every scanner runs in time linear in the text. Results carry categories, spans and
 * confidence only: the screener never logs text and puts none in exceptions.
 *
 * <p>Thread-safe. The word lists are loaded once per class loader, on first use.
 */
public final class PhiScreener {
    private final PhiPolicy policy;

    private PhiScreener(PhiPolicy policy) {
        this.policy = policy;
    }

    /** A screener applying {@code policy}. */
    public static PhiScreener create(PhiPolicy policy) {
        return new PhiScreener(Objects.requireNonNull(policy, "policy"));
    }

    /** Loads the word lists now rather than on the first {@link #screen(String)} call. */
    public static void warmUp() {
        PhiEngine.instance();
    }

    /** The policy this screener applies. */
    public PhiPolicy policy() {
        return policy;
    }

    /** Screens one text. An empty text is clean. */
    public PhiScreenResult screen(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            return PhiScreenResult.CLEAN;
        }
        List<PhiFinding> all = PhiEngine.instance().scan(text);
        if (all.isEmpty()) {
            return PhiScreenResult.CLEAN;
        }
        List<PhiFinding> kept = new ArrayList<>(all.size());
        Set<PhiCategory> excluded = EnumSet.noneOf(PhiCategory.class);
        for (PhiFinding f : all) {
            if (!policy.screens(f.category())) {
                continue;
            }
            kept.add(f);
            if (policy.excludes(f)) {
                excluded.add(f.category());
            }
        }
        return new PhiScreenResult(kept, excluded);
    }
}
