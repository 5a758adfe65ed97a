package org.gqa4j.eval.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A naive forecast's error, defined exactly as a model's: {@code mse}/{@code mae} pooled over
 * all outputs ({@link Metrics#mse()}), {@code perTarget} per target ({@link Metrics#perTarget()}).
 */
public record Baseline(@JsonProperty("mse") double mse, @JsonProperty("mae") double mae,
                       @JsonProperty("per_target") Map<String, TargetScore> perTarget) {

    public Baseline {
        perTarget = perTarget == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perTarget));
    }

    public Baseline(double mse, double mae) {
        this(mse, mae, null);
    }

    /** The normalized MSE of one target, NaN when not scored. */
    public double targetMse(String target) {
        TargetScore s = perTarget.get(target);
        return s == null ? Double.NaN : s.mse();
    }
}
