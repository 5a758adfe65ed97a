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
        @JsonProperty("environment") Environment environment,
        @JsonProperty("task") Task task,
        @JsonProperty("code_version") String codeVersion,
        @JsonProperty("headlines") List<Headline> headlines,
        @JsonProperty("baseline_backtests") Map<String, BacktestResult> baselineBacktests) {

    /** 2: per-target metrics, AR(1) baseline, headlines, served-model metrics, measured memory (fields added, none removed). */
    public static final int SCHEMA_VERSION = 2;

    public Report {
        headlines = headlines == null ? List.of() : List.copyOf(headlines);
        baselineBacktests = baselineBacktests == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(baselineBacktests));
        models = models == null ? List.of() : List.copyOf(models);
        baselines = baselines == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(baselines));
        comparisons = comparisons == null ? List.of() : List.copyOf(comparisons);
        latencySweep = latencySweep == null ? List.of() : List.copyOf(latencySweep);
    }

    /** A new report at the current schema version, created now (without the task-level fields). */
    public static Report of(Dataset dataset, KvCacheSetting kvCacheSetting, List<Model> models,
                            Map<String, Baseline> baselines, List<Comparison> comparisons,
                            List<LatencyPoint> latencySweep, Sweeps sweeps, Environment environment) {
        return new Report(SCHEMA_VERSION, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), dataset, kvCacheSetting,
                models, baselines, comparisons, latencySweep, sweeps, environment, null, null, null, null);
    }

    public Report(int schemaVersion, String created, Dataset dataset, KvCacheSetting kvCacheSetting, List<Model> models,
                  Map<String, Baseline> baselines, List<Comparison> comparisons, List<LatencyPoint> latencySweep, Sweeps sweeps,
                  Environment environment) {
        this(schemaVersion, created, dataset, kvCacheSetting, models, baselines, comparisons, latencySweep, sweeps, environment,
                null, null, null, null);
    }

    /** The same report with the task-level fields. */
    public Report with(Task newTask, String newCodeVersion, List<Headline> newHeadlines, Map<String, BacktestResult> newBaselineBacktests) {
        return new Report(schemaVersion, created, dataset, kvCacheSetting, models, baselines, comparisons, latencySweep, sweeps,
                environment, newTask, newCodeVersion, newHeadlines, newBaselineBacktests);
    }

    /** The comparison of {@code model} against its parent on one loss ({@link Comparison#POOLED} or a target), or null. */
    public Comparison comparisonOf(String model, String loss) {
        return comparisons.stream().filter(c -> c.model().equals(model) && c.loss().equals(loss)).findFirst().orElse(null);
    }

    /**
     * What the report is about, stated once.
     *
     * @param name            the suite task (or "eval")
     * @param headlineTarget  the target whose figure is the headline (e.g. return)
     * @param headlineMetric  mse, mae or mase on that target (normalized MSE/MAE averaged over its horizon steps)
     * @param costBps         backtest cost per unit of position change
     * @param costNote        why that cost
     * @param split           the split, as its JSON
     * @param scoring         which function the quality figures score (fixed window vs the served streaming engine)
     */
    public record Task(
            @JsonProperty("name") String name,
            @JsonProperty("headline_target") String headlineTarget,
            @JsonProperty("headline_metric") String headlineMetric,
            @JsonProperty("cost_bps") double costBps,
            @JsonProperty("cost_note") String costNote,
            @JsonProperty("split") String split,
            @JsonProperty("scoring") String scoring) {}

    /**
     * The answer for one converted model at a glance, e.g. "gqa2-mean: KV cache -75 %, return MSE +0.2 % [-0.9, +1.0]
     * (not significant), p50 latency -52 % at the seed reference".
     */
    public record Headline(
            @JsonProperty("model") String model,
            @JsonProperty("parent") String parent,
            @JsonProperty("kv_cache_change_pct") double kvCacheChangePct,
            @JsonProperty("metric") String metric,
            @JsonProperty("change_pct") double changePct,
            @JsonProperty("ci_low_pct") double ciLowPct,
            @JsonProperty("ci_high_pct") double ciHighPct,
            @JsonProperty("significant") boolean significant,
            @JsonProperty("p50_change_pct") double p50ChangePct,
            @JsonProperty("p50_within_noise") boolean p50WithinNoise,
            @JsonProperty("text") String text) {}

    /**
     * One model's headline figure and its skill against the best baseline on the same target.
     *
     * @param skill 1 - value / best baseline's value: > 0 beats every baseline, < 0 loses to one
     */
    public record ModelHeadline(
            @JsonProperty("target") String target,
            @JsonProperty("metric") String metric,
            @JsonProperty("value") double value,
            @JsonProperty("served_value") double servedValue,
            @JsonProperty("best_baseline") String bestBaseline,
            @JsonProperty("best_baseline_value") double bestBaselineValue,
            @JsonProperty("skill") double skill) {}

    /**
     * Memory of the streaming engine, analytic and measured.
     *
     * @param kvAnalyticBytes  2 x layers x n_kv x head_dim x context x instruments x 4
     * @param kvAllocatedBytes the lengths of the cache arrays the engine allocated, x 4
     * @param engineHeapBytes  retained heap of the whole engine (packed weights, cache, buffers): heap in use after
     *                         full GCs with the engine alive minus before it, median of samples
     * @param kvHeapBytes      measured KV share: engine heap at the model's context minus the engine heap at context 1
     */
    public record Memory(
            @JsonProperty("kv_analytic_bytes") long kvAnalyticBytes,
            @JsonProperty("kv_allocated_bytes") long kvAllocatedBytes,
            @JsonProperty("engine_heap_bytes") long engineHeapBytes,
            @JsonProperty("kv_heap_bytes") long kvHeapBytes,
            @JsonProperty("samples") int samples) {}

    /** A stretch of the test split: the headline target's step-1 forecast and truth in raw units. */
    public record ForecastSample(
            @JsonProperty("output") String output,
            @JsonProperty("first_position") int firstPosition,
            @JsonProperty("forecast") List<Double> forecast,
            @JsonProperty("served") List<Double> served,
            @JsonProperty("actual") List<Double> actual) {}

    /** One logged training step (train-log.jsonl). */
    public record CurvePoint(
            @JsonProperty("step") long step,
            @JsonProperty("loss") double loss,
            @JsonProperty("val_loss") double valLoss) {}

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
            @JsonProperty("provenance") ProvenanceSummary provenance,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("headline") ModelHeadline headline,
            @JsonProperty("served_metrics") Metrics servedMetrics,
            @JsonProperty("backtest_caveats") List<String> backtestCaveats,
            @JsonProperty("memory") Memory memory,
            @JsonProperty("latency_seed_reference") Latency latencySeedReference,
            @JsonProperty("forecast_sample") ForecastSample forecastSample,
            @JsonProperty("learning_curve") List<CurvePoint> learningCurve) {

        public Model {
            baselines = baselines == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(baselines));
            backtestCaveats = backtestCaveats == null ? List.of() : List.copyOf(backtestCaveats);
            learningCurve = learningCurve == null ? List.of() : List.copyOf(learningCurve);
        }

        public Model(String name, String path, int nLayers, int nHeads, int nKvHeads, long params, long paramBytes,
                     long kvCacheBytes, long kvCacheBytesPerLayer, Long kvCacheBytesMeasured, Metrics metrics,
                     Map<String, Baseline> baselines, BacktestResult backtest, Latency latency, ProvenanceSummary provenance) {
            this(name, path, nLayers, nHeads, nKvHeads, params, paramBytes, kvCacheBytes, kvCacheBytesPerLayer,
                    kvCacheBytesMeasured, metrics, baselines, backtest, latency, provenance, null, null, null, null, null, null, null, null);
        }
    }

    /**
     * Per-decision streaming latency: the median round's p50/p99, and the spread of p50 over rounds.
     *
     * @param p50MinMs lowest p50 of the rounds (NaN with one round)
     * @param p50MaxMs highest p50 of the rounds
     */
    public record Latency(
            @JsonProperty("p50_ms") double p50Ms,
            @JsonProperty("p99_ms") double p99Ms,
            @JsonProperty("decisions_per_s") double decisionsPerS,
            @JsonProperty("p50_min_ms") double p50MinMs,
            @JsonProperty("p50_max_ms") double p50MaxMs,
            @JsonProperty("rounds") int rounds,
            @JsonProperty("shape") String shape) {

        public Latency(double p50Ms, double p99Ms, double decisionsPerS) {
            this(p50Ms, p99Ms, decisionsPerS, Double.NaN, Double.NaN, 1, null);
        }
    }

    /**
     * Where a model came from, in brief.
     *
     * @param method          "trained" for an original, else the conversion method (mean, first, random, a data-aware name)
     * @param parent          the parent model's name in this report (or its path), null for an original
     * @param steps           optimizer steps, uptraining included
     * @param uptrainSteps    uptraining steps after conversion (0 when none)
     * @param uptrainFraction uptraining steps as a fraction of the parent's training steps
     * @param uptrainDistill  weight of the parent's forecasts in the uptraining targets (0: the data alone;
     *                        NaN when read from a report written before distillation existed)
     */
    public record ProvenanceSummary(
            @JsonProperty("method") String method,
            @JsonProperty("parent") String parent,
            @JsonProperty("steps") long steps,
            @JsonProperty("uptrain_steps") long uptrainSteps,
            @JsonProperty("uptrain_fraction") double uptrainFraction,
            @JsonProperty("seed") long seed,
            @JsonProperty("uptrain_distill") double uptrainDistill) {}

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
