package io.carecache;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which PHI detections keep a request or a response out of the shared cache. A finding excludes
 * when its category is in {@code excludedCategories} or its confidence is above
 * {@code confidenceThreshold}; categories in {@code disabledCategories} are not screened at all.
 *
 * <p>The seed's policy ({@link #SEED}): the critical categories ({@link #CRITICAL}) always exclude,
 * anything else when the screener is more than 80% sure. The {@link Profile#PRODUCTION production}
 * profile adds names to the excluded categories, and refuses to disable or stop excluding names or
 * a critical category.
 *
 * @param profile the profile whose rules apply
 * @param excludedCategories categories that exclude at any confidence
 * @param confidenceThreshold findings above this confidence exclude whatever their category; 0 to 1
 * @param disabledCategories categories the screener does not report
 */
public record PhiPolicy(Profile profile, Set<PhiCategory> excludedCategories, double confidenceThreshold,
                        Set<PhiCategory> disabledCategories) {

    public static final String PROFILE = "phi.profile";
    public static final String EXCLUDED_CATEGORIES = "phi.excluded-categories";
    public static final String CONFIDENCE_THRESHOLD = "phi.confidence-threshold";
    public static final String DISABLED_CATEGORIES = "phi.disabled-categories";

    /** The seed's critical categories: excluded at any confidence in every profile's defaults. */
    public static final Set<PhiCategory> CRITICAL = Set.copyOf(EnumSet.of(PhiCategory.SSN, PhiCategory.MEDICAL_ID,
            PhiCategory.INSURANCE_ID, PhiCategory.PHONE, PhiCategory.ADDRESS));

    /** The seed's policy: critical categories and anything above 0.8 exclude; nothing disabled. */
    public static final PhiPolicy SEED = new PhiPolicy(Profile.DEVELOPMENT, CRITICAL, 0.8, Set.of());

    /** Profiles with different rules on what may be relaxed. */
    public enum Profile {
        /** Any category may be relaxed or disabled. */
        DEVELOPMENT,
        /** Names and the critical categories are always screened and always exclude. */
        PRODUCTION
    }

    public PhiPolicy {
        if (profile == null) {
            throw new InvalidConfigurationException(PROFILE, "must be DEVELOPMENT or PRODUCTION");
        }
        if (excludedCategories == null) {
            throw new InvalidConfigurationException(EXCLUDED_CATEGORIES, "is required (may be empty outside production)");
        }
        if (disabledCategories == null) {
            throw new InvalidConfigurationException(DISABLED_CATEGORIES, "is required (may be empty)");
        }
        if (!(confidenceThreshold >= 0.0 && confidenceThreshold <= 1.0)) {
            throw new InvalidConfigurationException(CONFIDENCE_THRESHOLD, "must be between 0.0 and 1.0, was "
                    + confidenceThreshold);
        }
        excludedCategories = immutable(excludedCategories);
        disabledCategories = immutable(disabledCategories);
        Set<PhiCategory> both = EnumSet.noneOf(PhiCategory.class);
        both.addAll(excludedCategories);
        both.retainAll(disabledCategories);
        if (!both.isEmpty()) {
            throw new InvalidConfigurationException(DISABLED_CATEGORIES, "must not name excluded categories ("
                    + EXCLUDED_CATEGORIES + "), found " + names(both));
        }
        if (profile == Profile.PRODUCTION) {
            Set<PhiCategory> mandatory = mandatoryInProduction();
            Set<PhiCategory> disabled = EnumSet.noneOf(PhiCategory.class);
            disabled.addAll(disabledCategories);
            disabled.retainAll(mandatory);
            if (!disabled.isEmpty()) {
                throw new InvalidConfigurationException(DISABLED_CATEGORIES, "cannot disable " + names(disabled)
                        + " in the production profile; " + names(mandatory) + " are always screened");
            }
            Set<PhiCategory> missing = EnumSet.copyOf(mandatory);
            missing.removeAll(excludedCategories);
            if (!missing.isEmpty()) {
                throw new InvalidConfigurationException(EXCLUDED_CATEGORIES, "must include " + names(missing)
                        + " in the production profile; " + names(mandatory) + " always exclude");
            }
        }
    }

    /** The production profile's policy: names and the critical categories always exclude, anything else above 0.8. */
    public static PhiPolicy production() {
        return new PhiPolicy(Profile.PRODUCTION, mandatoryInProduction(), 0.8, Set.of());
    }

    /** A builder starting from {@link #SEED}. */
    public static Builder builder() {
        return new Builder(SEED);
    }

    /** A builder starting from this policy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether the screener looks for this category at all. */
    public boolean screens(PhiCategory category) {
        return !disabledCategories.contains(category);
    }

    /** Whether this finding keeps its text out of the cache. */
    public boolean excludes(PhiFinding finding) {
        return screens(finding.category())
                && (excludedCategories.contains(finding.category()) || finding.confidence() > confidenceThreshold);
    }

    private static Set<PhiCategory> mandatoryInProduction() {
        Set<PhiCategory> s = EnumSet.copyOf(CRITICAL);
        s.add(PhiCategory.NAME);
        return s;
    }

    private static Set<PhiCategory> immutable(Collection<PhiCategory> categories) {
        return categories.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(categories));
    }

    private static String names(Collection<PhiCategory> categories) {
        return EnumSet.copyOf(categories).stream().map(Enum::name).collect(Collectors.joining(", ", "[", "]"));
    }

    /** Builds a {@link PhiPolicy}; the rules are checked by {@link #build()}. */
    public static final class Builder {
        private Profile profile;
        private Set<PhiCategory> excluded;
        private double threshold;
        private Set<PhiCategory> disabled;

        private Builder(PhiPolicy from) {
            profile = from.profile;
            excluded = EnumSet.noneOf(PhiCategory.class);
            excluded.addAll(from.excludedCategories);
            threshold = from.confidenceThreshold;
            disabled = EnumSet.noneOf(PhiCategory.class);
            disabled.addAll(from.disabledCategories);
        }

        public Builder profile(Profile p) {
            this.profile = p;
            return this;
        }

        /** Replaces the categories that exclude at any confidence. */
        public Builder excludedCategories(Collection<PhiCategory> categories) {
            excluded = EnumSet.noneOf(PhiCategory.class);
            excluded.addAll(categories);
            return this;
        }

        public Builder confidenceThreshold(double t) {
            this.threshold = t;
            return this;
        }

        /** Replaces the categories the screener skips. */
        public Builder disabledCategories(Collection<PhiCategory> categories) {
            disabled = EnumSet.noneOf(PhiCategory.class);
            disabled.addAll(categories);
            return this;
        }

        public PhiPolicy build() {
            return new PhiPolicy(profile, excluded, threshold, disabled);
        }
    }
}
