package org.gqa4j.core.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.gqa4j.core.InputException;

/**
 * Normalization of each window by its own statistics (RevIN-style), so a level the training
 * split never saw is not out of distribution.
 * <ul>
 * <li>{@code none}: inputs as given (the model of every version-1 checkpoint).</li>
 * <li>{@code causal}: the input of position e is (x - mu_e) / sigma_e per channel, and the output f
 *     of position e becomes mu_e + sigma_e f, where mu_e and sigma_e = sqrt(var_e + eps) are the
 *     mean and population variance of the channel over the bars of the window up to the last bar
 *     of position e (at most {@code context} bars; nothing later). See
 *     {@link org.gqa4j.core.model.SeriesView}.</li>
 * </ul>
 */
public enum InstanceNorm {
    NONE("none"),
    CAUSAL("causal");

    private final String id;

    InstanceNorm(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() { return id; }

    public static InstanceNorm parse(String s) {
        for (InstanceNorm n : values()) if (n.id.equals(s)) return n;
        throw new InputException("instance_norm: '" + s + "' is not one of " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(InstanceNorm::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() { return id; }
}
