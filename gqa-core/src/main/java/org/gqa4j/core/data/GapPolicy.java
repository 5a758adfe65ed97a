package org.gqa4j.core.data;

import java.util.Locale;

import org.gqa4j.core.InputException;

/** What loading does about missing bars ({@code --gaps}); every load reports them whatever the policy. */
public enum GapPolicy {
    /** Keep the rows as given and report the gaps (the default). */
    KEEP,
    /** Insert flagged bars at the previous close with zero volume, up to {@link Gaps#MAX_FILL_BARS} per gap. */
    FILL,
    /** Refuse a file with any gap, naming the lines around the first. */
    ERROR;

    public static GapPolicy parse(String name) {
        if (name == null || name.isBlank()) return KEEP;
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InputException("unknown gap policy " + org.gqa4j.core.Excerpt.of(name) + "; expected keep, fill or error");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
