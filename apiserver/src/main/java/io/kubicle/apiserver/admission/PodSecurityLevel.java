package io.kubicle.apiserver.admission;

import java.util.Locale;

/** The three Pod Security Standards levels, least to most restrictive. */
public enum PodSecurityLevel {
    PRIVILEGED, BASELINE, RESTRICTED;

    /** The level named by a label or spec value; null for anything that is not a level. */
    public static PodSecurityLevel parse(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "privileged" -> PRIVILEGED;
            case "baseline" -> BASELINE;
            case "restricted" -> RESTRICTED;
            default -> null;
        };
    }

    /** A tenant may tighten the workspace's level, never loosen it. */
    public PodSecurityLevel stricter(PodSecurityLevel other) {
        return other == null || other.ordinal() <= ordinal() ? this : other;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
