package org.gqa4j.eval.suite;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.gqa4j.core.InputException;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.checkpoint.Provenance;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.Datasets;
import org.gqa4j.core.data.Format;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.stream.StreamingEngine;
import org.gqa4j.eval.latency.StreamBenchResult;
import org.gqa4j.eval.latency.StreamBenchmark;
import org.gqa4j.eval.metrics.Backtest;
import org.gqa4j.eval.metrics.Baselines;
import org.gqa4j.eval.metrics.Comparison;
import org.gqa4j.eval.metrics.Metrics;
import org.gqa4j.eval.metrics.PairedComparison;
import org.gqa4j.eval.report.Report;
import org.gqa4j.eval.report.Sweeps;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The evaluation suite behind {@code gqa eval}: every checkpoint on the test split of the same
 * data, the naive baselines, each converted model against its parent (paired, with a
 * confidence interval), memory analytic and measured, and streaming latency.
 */
public final class Evaluator {

    /**
     * @param data            dataset name or file; null = the dataset recorded in the first checkpoint
     * @param instruments     instruments for KV-cache bytes and latency
     * @param costBps         backtest cost per unit of turnover, basis points
     * @param latency         measure streaming latency (costs a few seconds per model)
     * @param latencyContexts contexts of the latency sweep (empty: none)
     * @param decisions       timed decisions per latency point
     */
    public record Options(String data, Format format, int instruments, double costBps, boolean latency,
                          int[] latencyContexts, int decisions) {
        public static Options defaults(String data) {
            return new Options(data, Format.AUTO, 4, 1.0, true, new int[] {256, 1024, 4096}, 300);
        }
    }

    static final int LATENCY_ROUNDS = 3;

    private final Options options;
    private final Consumer<String> progress;

    public Evaluator(Options options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    public Report evaluate(List<Path> checkpoints) {
        return evaluate(checkpoints, null);
    }

    /** Evaluates the checkpoints in the order given; {@code sweeps} (may be null) is carried into the report. */
    public Report evaluate(List<Path> checkpoints, Sweeps sweeps) {
        if (checkpoints.isEmpty()) throw new InputException("no checkpoint given");
        List<Checkpoint> loaded = new ArrayList<>();
        for (Path p : checkpoints) loaded.add(CheckpointIO.read(p));
        String recorded = loaded.get(0).provenance() == null ? null : loaded.get(0).provenance().dataset();
        String data = Datasets.forCheckpoint(options.data(), recorded); // never a path recorded in a checkpoint
        if (data == null) throw new InputException(Datasets.recordedFileMessage(checkpoints.get(0), recorded));
        PriceSeries series = Datasets.load(data, options.format());

        Map<String, PreparedData> prepared = new HashMap<>();
        List<EvaluatedModel> models = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < checkpoints.size(); i++) {
            Path path = checkpoints.get(i);
            Checkpoint ck = loaded.get(i);
            if (ck.dataPrep() == null) throw InputException.in(path, "checkpoint has no data_prep.json; cannot reproduce its inputs");
            DataPrep prep = DataPrep.fromJson(ck.dataPrep().toString());
            PreparedData pd = prepared.computeIfAbsent(ck.dataPrep().toString(), k -> prep.apply(series));
            progress.accept("forecasting " + pd.testPositions().length + " test positions with " + path);
            String name = uniqueName(path, names);
            models.add(new EvaluatedModel(name, path, CheckpointIO.hash(path), ck, prep, pd,
                    TestForecasts.of(ck.weights(), pd)));
        }

        List<Report.Model> reportModels = new ArrayList<>();
        List<Report.LatencyPoint> sweep = new ArrayList<>();
        Backtest.Config backtest = Backtest.Config.forBarSeconds(barSeconds(series), options.costBps());
        Map<String, Report.Latency> latencies = options.latency() ? latencies(models) : Map.of();
        for (EvaluatedModel m : models) {
            Map<String, org.gqa4j.eval.metrics.Baseline> baselines =
                    Baselines.all(m.forecasts(), TestForecasts.lastObserved(m.data()));
            if (options.latency()) {
                for (int context : options.latencyContexts()) {
                    var w = org.gqa4j.core.model.Weights.of(m.checkpoint().config().withContext(context),
                            m.checkpoint().weights().asMap());
                    StreamBenchResult s = StreamBenchmark.run(w, options.instruments(), 1,
                            Math.max(50, options.decisions() / 2), options.decisions());
                    sweep.add(new Report.LatencyPoint(m.name(), context, options.instruments(), s.p50Ms(), s.p99Ms(), s.decisionsPerS()));
                }
            }
            reportModels.add(reportModel(m, baselines, latencies.get(m.name()), models, backtest));
        }

        List<Comparison> comparisons = new ArrayList<>();
        for (EvaluatedModel child : models) {
            EvaluatedModel parent = parentOf(child, models);
            if (parent == null) continue;
            if (!child.forecasts().sameTargets(parent.forecasts(), 0.0)) {
                progress.accept("note: " + child.name() + " and its parent " + parent.name()
                        + " were scored on different test positions; no paired comparison");
                continue;
            }
            comparisons.add(PairedComparison.compare(child.name(), child.forecasts(), parent.name(), parent.forecasts(),
                    PairedComparison.Config.DEFAULT));
        }

        EvaluatedModel first = models.get(0);
        int[] test = first.data().testPositions();
        long[] times = first.data().times();
        Report.Dataset dataset = new Report.Dataset(data, series.fingerprint(), test.length,
                new Report.Span(Instant.ofEpochMilli(times[test[0]]).toString(), Instant.ofEpochMilli(times[test[test.length - 1]]).toString()),
                first.forecasts().outputs());
        Report.KvCacheSetting kv = new Report.KvCacheSetting(first.checkpoint().config().context(), options.instruments(), Float.BYTES);
        return Report.of(dataset, kv, reportModels, reportModels.get(0).baselines(), comparisons, sweep, sweeps,
                Report.Environment.detect(backend()));
    }

    /**
     * Per-decision latency of every model at its own context, measured side by side: after one
     * untimed warm-up (the JIT compiles the engine's kernels), {@value #LATENCY_ROUNDS} rounds
     * that time each model in turn; a model's figure is its median round, so a pause of the
     * machine or the JIT during one model's turn does not decide its number.
     */
    private Map<String, Report.Latency> latencies(List<EvaluatedModel> models) {
        progress.accept("timing streaming decisions (" + LATENCY_ROUNDS + " rounds over " + models.size() + " models)");
        int decisions = Math.max(20, options.decisions() / LATENCY_ROUNDS);
        StreamBenchmark.run(models.get(0).checkpoint().weights(), options.instruments(), 1, options.decisions(), decisions);
        Map<String, List<StreamBenchResult>> rounds = new LinkedHashMap<>();
        for (int round = 0; round < LATENCY_ROUNDS; round++) {
            for (EvaluatedModel m : models) {
                rounds.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(StreamBenchmark.run(m.checkpoint().weights(),
                        options.instruments(), 1, Math.max(50, decisions / 2), decisions));
            }
        }
        Map<String, Report.Latency> out = new LinkedHashMap<>();
        rounds.forEach((name, results) -> {
            List<StreamBenchResult> sorted = new ArrayList<>(results);
            sorted.sort(java.util.Comparator.comparingDouble(StreamBenchResult::p50Ms));
            StreamBenchResult median = sorted.get(sorted.size() / 2);
            out.put(name, new Report.Latency(median.p50Ms(), median.p99Ms(), median.decisionsPerS()));
        });
        return out;
    }

    /** The test-split forecasts of one model, as the report scores them. */
    public org.gqa4j.eval.metrics.ForecastSet forecastsForTest(org.gqa4j.core.model.Weights weights, PreparedData data) {
        return TestForecasts.of(weights, data);
    }

    private Report.Model reportModel(EvaluatedModel m, Map<String, org.gqa4j.eval.metrics.Baseline> baselines,
                                     Report.Latency latency, List<EvaluatedModel> all, Backtest.Config backtest) {
        ModelConfig c = m.checkpoint().config();
        long params = m.checkpoint().weights().parameterCount();
        long measured;
        try (StreamingEngine engine = new StreamingEngine(m.checkpoint().weights(), options.instruments())) {
            measured = engine.kvCacheBytes();
        }
        Metrics metrics = Metrics.of(m.forecasts());
        var bt = m.forecasts().returnOutput() >= 0 ? Backtest.run(m.forecasts(), backtest) : null;
        return new Report.Model(m.name(), m.path().toString(), c.layers(), c.nHeads(), c.nKvHeads(), params,
                params * Float.BYTES, c.kvCacheBytes(options.instruments()), c.kvCacheBytes(options.instruments()) / c.layers(),
                measured, metrics, baselines, bt, latency, summary(m, all));
    }

    private static Report.ProvenanceSummary summary(EvaluatedModel m, List<EvaluatedModel> all) {
        Provenance p = m.checkpoint().provenance();
        Provenance.Conversion conv = p.conversion();
        EvaluatedModel parent = parentOf(m, all);
        String parentName = parent != null ? parent.name() : p.parent() != null ? p.parent().path() : null;
        return new Report.ProvenanceSummary(conv == null ? "trained" : conv.method(), parentName, p.steps(),
                conv == null ? 0 : conv.uptrainSteps(), conv == null ? 0 : conv.uptrainAlpha(), p.seed());
    }

    /** The model among those evaluated whose checkpoint hash the child's provenance names as parent. */
    private static EvaluatedModel parentOf(EvaluatedModel child, List<EvaluatedModel> all) {
        Provenance.Parent parent = child.checkpoint().provenance().parent();
        if (parent == null || parent.sha256() == null) return null;
        for (EvaluatedModel m : all) if (m != child && m.sha256().equals(parent.sha256())) return m;
        return null;
    }

    /** Name of a checkpoint in the report: its directory name, made unique. */
    private static String uniqueName(Path path, Set<String> taken) {
        Path normalized = path.toAbsolutePath().normalize();
        String base = normalized.getFileName().toString();
        if (base.equals("model") && normalized.getParent() != null) base = normalized.getParent().getFileName().toString();
        String name = base;
        for (int i = 2; !taken.add(name); i++) name = base + "-" + i;
        return name;
    }

    /** Median spacing of the bars, in seconds (annualizes the backtest). */
    static long barSeconds(PriceSeries s) {
        long[] t = s.times();
        if (t.length < 2) return 86_400;
        long[] d = new long[t.length - 1];
        for (int i = 1; i < t.length; i++) d[i - 1] = t[i] - t[i - 1];
        java.util.Arrays.sort(d);
        return Math.max(1, d[d.length / 2] / 1000);
    }

    private static String backend() {
        Map<String, Object> info = new LinkedHashMap<>();
        Nd4j.getExecutioner().getEnvironmentInformation().forEach((k, v) -> info.put(String.valueOf(k), v));
        return Nd4j.getBackend().getClass().getSimpleName() + " blas=" + info.get("blas.vendor") + " omp.threads=" + info.get("omp.threads");
    }
}
