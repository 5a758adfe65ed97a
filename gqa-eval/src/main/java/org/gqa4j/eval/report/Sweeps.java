package org.gqa4j.eval.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.List;

/**
 * Quality sweeps in the manner of the GQA paper's figures: against the number of KV heads, and
 * against the uptraining fraction (0, 1 %, 5 %, 10 %), each point over several seeds. Either
 * sweep may be null when not run.
 */
public record Sweeps(
        @JsonProperty("kv_heads") Sweep kvHeads,
        @JsonProperty("uptrain_fraction") Sweep uptrainFraction) {

    /**
     * @param metric e.g. "mse" (normalized test MSE)
     * @param x      what the x values are, e.g. "n_kv_heads" or "uptrain_fraction"
     * @param points one per (series, x); a series is a line, e.g. a conversion method
     */
    public record Sweep(
            @JsonProperty("metric") String metric,
            @JsonProperty("x") String x,
            @JsonProperty("points") List<Point> points) {

        public Sweep {
            points = points == null ? List.of() : List.copyOf(points);
        }
    }

    /**
     * @param values the metric for each seed
     * @param std    sample standard deviation over seeds (NaN, i.e. null, with one seed)
     */
    public record Point(
            @JsonProperty("series") String series,
            @JsonProperty("x") double x,
            @JsonProperty("n") int n,
            @JsonProperty("mean") double mean,
            @JsonProperty("std") double std,
            @JsonProperty("min") double min,
            @JsonProperty("max") double max,
            @JsonProperty("values") List<Double> values) {

        /** A point from its per-seed values; mean and spread are computed here so they always agree with them. */
        public static Point of(String series, double x, double... values) {
            if (values.length == 0) throw new IllegalArgumentException("a sweep point needs at least one value");
            double mean = Arrays.stream(values).average().orElseThrow();
            double ss = 0;
            for (double v : values) ss += (v - mean) * (v - mean);
            double std = values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : Double.NaN;
            return new Point(series, x, values.length, mean, std, Arrays.stream(values).min().orElseThrow(),
                    Arrays.stream(values).max().orElseThrow(), Arrays.stream(values).boxed().toList());
        }
    }
}
