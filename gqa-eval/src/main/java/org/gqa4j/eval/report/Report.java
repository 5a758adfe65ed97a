package org.gqa4j.eval.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gqa4j.eval.metrics.BacktestResult;
import org.gqa4j.eval.metrics.Baseline;
import org.gqa4j.eval.metrics.Comparison;
import org.gqa4j.eval.metrics.Metrics;

/**
 * The evaluation report, serialized as report.json (SPEC 7). Doubles that are NaN (undefined)
 * are written as null; use {@link ReportJson} to write and read it.
 *
 * @param schemaVersion  {@link #SCHEMA_VERSION}; bump it on any incompatible change
 * @param created        ISO-8601 time of writing
 * @param kvCacheSetting the context and instrument count the models' KV-cache bytes are for
 * @param models         in the order the checkpoints were given
 * @param baselines      naive forecasts on the test split, by name (zero, last_value, train_mean)
 * @param comparisons    each converted model against its parent
 * @param latencySweep   streaming latency over context lengths and instrument counts
 * @param sweeps         optional: quality against KV heads and uptraining fraction (null when not run)
 */
public record Report(
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("created") String created,
        @JsonProperty("dataset") Dataset dataset,
        @JsonProperty("kv_cache_setting") KvCacheSetting kvCacheSetting,
        @JsonProperty("models") List<Model> models,
        @JsonProperty("baselines") Map<String, Baseline> baselines,
        @JsonProperty("comparisons") List<Comparison> comparisons,
        @JsonProperty("latency_sweep") List<LatencyPoint> latencySweep,
        @JsonProperty("sweeps") Sweeps sweeps,
        @JsonProperty("environment") Environment environment) {

    public static final int SCHEMA_VERSION = 1;

    public Report {
        models = models == null ? List.of() : List.copyOf(models);
        baselines = baselines == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(baselines));
        comparisons = comparisons == null ? List.of() : List.copyOf(comparisons);
        latencySweep = latencySweep == null ? List.of() : List.copyOf(latencySweep);
    }

    /** A new report at the current schema version, created now. */
    public static Report of(Dataset dataset, KvCacheSetting kvCacheSetting, List<Model> models,
                            Map<String, Baseline> baselines, List<Comparison> comparisons,
                            List<LatencyPoint> latencySweep, Sweeps sweeps, Environment environment) {
        return new Report(SCHEMA_VERSION, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), dataset, kvCacheSetting,
                models, baselines, comparisons, latencySweep, sweeps, environment);
    }

    /** The model named {@code name}, or null. */
    public Model model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }

    /** The first comparison of {@code model} against its parent, or null. */
    public Comparison comparisonOf(String model) {
        return comparisons.stream().filter(c -> c.model().equals(model)).findFirst().orElse(null);
    }

    /** Refuses a report a reader could be misled by: unnamed or duplicate models, comparisons of unknown models. */
    public void validate() {
        if (dataset == null) throw new IllegalArgumentException("report has no dataset");
        Set<String> names = new HashSet<>();
        for (Model m : models) {
            if (m.name() == null || m.name().isBlank()) throw new IllegalArgumentException("a model has no name");
            if (!names.add(m.name())) throw new IllegalArgumentException("two models are named '" + m.name() + "'");
        }
        for (Comparison c : comparisons) {
            if (!names.contains(c.model()) || !names.contains(c.parent())) {
                throw new IllegalArgumentException("comparison " + c.model() + " vs " + c.parent() + " names a model not in the report");
            }
        }
        for (LatencyPoint p : latencySweep) {
            if (!names.contains(p.model())) throw new IllegalArgumentException("latency point names unknown model '" + p.model() + "'");
        }
    }

    /**
     * @param fingerprint   SHA-256 of the data
     * @param testPositions positions on the test split, every one scored
     * @param span          first and last bar time of the test split
     * @param outputs       output names, target x step (e.g. return@1)
     */
    public record Dataset(
            @JsonProperty("name") String name,
            @JsonProperty("fingerprint") String fingerprint,
            @JsonProperty("test_positions") int testPositions,
            @JsonProperty("span") Span span,
            @JsonProperty("outputs") List<String> outputs) {}

    /** ISO-8601 times (or the dataset's own labels) of the first and last test bar. */
    public record Span(@JsonProperty("start") String start, @JsonProperty("end") String end) {}

    /** KV-cache bytes in the report are for this many bars of context per instrument, at this many bytes per value (4 = float32). */
    public record KvCacheSetting(
            @JsonProperty("context") int context,
            @JsonProperty("instruments") int instruments,
            @JsonProperty("bytes_per_value") int bytesPerValue) {}

    /**
     * One evaluated checkpoint.
     *
     * @param path                  checkpoint path as given
     * @param params                parameter count
     * @param paramBytes            bytes of the parameters (float32: 4 per parameter)
     * @param kvCacheBytes          analytic total, 2 * layers * n_kv_heads * head_dim * context * instruments * bytes_per_value
     * @param kvCacheBytesPerLayer  analytic, one layer
     * @param kvCacheBytesMeasured  total allocated by the streaming engine's cache, null when not measured
     * @param baselines             the naive baselines on this model's test positions
     * @param backtest              long/short backtest of its return forecast, null without a return output
     * @param latency               streaming latency at the report's KV-cache setting, null when not measured
     */
    public record Model(
            @JsonProperty("name") String name,
            @JsonProperty("path") String path,
            @JsonProperty("n_layers") int nLayers,
            @JsonProperty("n_heads") int nHeads,
            @JsonProperty("n_kv_heads") int nKvHeads,
            @JsonProperty("params") long params,
            @JsonProperty("param_bytes") long paramBytes,
            @JsonProperty("kv_cache_bytes") long kvCacheBytes,
            @JsonProperty("kv_cache_bytes_per_layer") long kvCacheBytesPerLayer,
            @JsonProperty("kv_cache_bytes_measured") Long kvCacheBytesMeasured,
            @JsonProperty("metrics") Metrics metrics,
            @JsonProperty("baselines") Map<String, Baseline> baselines,
            @JsonProperty("backtest") BacktestResult backtest,
            @JsonProperty("latency") Latency latency,
            @JsonProperty("provenance") ProvenanceSummary provenance) {

        public Model {
            baselines = baselines == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(baselines));
        }
    }

    /** Per-decision streaming latency. */
    public record Latency(
            @JsonProperty("p50_ms") double p50Ms,
            @JsonProperty("p99_ms") double p99Ms,
            @JsonProperty("decisions_per_s") double decisionsPerS) {}

    /**
     * Where a model came from, in brief.
     *
     * @param method          "trained" for an original, else the conversion method (mean, first, random, a data-aware name)
     * @param parent          the parent model's name in this report (or its path), null for an original
     * @param steps           optimizer steps, uptraining included
     * @param uptrainSteps    uptraining steps after conversion (0 when none)
     * @param uptrainFraction uptraining steps as a fraction of the parent's training steps
     */
    public record ProvenanceSummary(
            @JsonProperty("method") String method,
            @JsonProperty("parent") String parent,
            @JsonProperty("steps") long steps,
            @JsonProperty("uptrain_steps") long uptrainSteps,
            @JsonProperty("uptrain_fraction") double uptrainFraction,
            @JsonProperty("seed") long seed) {}

    /** One streaming-latency measurement. */
    public record LatencyPoint(
            @JsonProperty("model") String model,
            @JsonProperty("context") int context,
            @JsonProperty("instruments") int instruments,
            @JsonProperty("p50_ms") double p50Ms,
            @JsonProperty("p99_ms") double p99Ms,
            @JsonProperty("decisions_per_s") double decisionsPerS) {}

    /** Where the figures were measured. {@code nd4jBackend} is given by the caller. */
    public record Environment(
            @JsonProperty("java_version") String javaVersion,
            @JsonProperty("cores") int cores,
            @JsonProperty("nd4j_backend") String nd4jBackend,
            @JsonProperty("os") String os) {

        public static Environment detect(String nd4jBackend) {
            return new Environment(System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                    nd4jBackend, System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        }
    }
}
