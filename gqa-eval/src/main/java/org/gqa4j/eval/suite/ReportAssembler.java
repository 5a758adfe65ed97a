package org.gqa4j.eval.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.gqa4j.core.BuildInfo;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.model.Weights;
import org.gqa4j.eval.latency.StreamBenchResult;
import org.gqa4j.eval.latency.StreamBenchmark;
import org.gqa4j.eval.metrics.BacktestResult;
import org.gqa4j.eval.metrics.Comparison;
import org.gqa4j.eval.metrics.ForecastSet;
import org.gqa4j.eval.metrics.PairedComparison;
import org.gqa4j.eval.report.Report;
import org.gqa4j.eval.report.Sweeps;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns the scores of one task's models into its report: each converted model against its
 * parent (pooled and on the headline target), streaming latency timed side by side (at the
 * model's own shape and at the seed reference), and one headline per converted model.
 */
public final class ReportAssembler {

    public static final String SCORING = "Quality figures score the fixed-window forecasts (each test position forecast from the "
            + "context bars ending there, the function the model was trained as); served_metrics score the streaming engine fed "
            + "every bar from the series start (sliding-window attention once past the context), the function latency and memory describe; "
            + "a model with patches of P bars forecasts once per completed patch, so it is served as P streams started one bar apart "
            + "(bar t ends a patch of one of them), which forecast every test position (the positions field says how many).";

    private final Evaluator.Options o;
    private final Consumer<String> progress;

    public ReportAssembler(Evaluator.Options options, Consumer<String> progress) {
        this.o = options;
        this.progress = progress;
    }

    public Report assemble(List<ModelScore> scores, Sweeps sweeps, String split) {
        if (scores.isEmpty()) throw new IllegalArgumentException("no model scored");
        Map<String, Report.Latency> own = Map.of(), reference = Map.of();
        List<Report.LatencyPoint> sweep = new ArrayList<>();
        if (o.latency()) {
            own = timeOwn(scores);
            if (o.seedReference()) reference = timeSeedReference(scores);
            for (ModelScore s : scores) sweep.addAll(contextSweep(s));
        }
        List<Report.Model> models = new ArrayList<>();
        for (ModelScore s : scores) {
            Report.Model m = s.model();
            models.add(new Report.Model(m.name(), m.path(), m.nLayers(), m.nHeads(), m.nKvHeads(), m.params(), m.paramBytes(),
                    m.kvCacheBytes(), m.kvCacheBytesPerLayer(), m.kvCacheBytesMeasured(), m.metrics(), m.baselines(), m.backtest(),
                    own.get(m.name()), withParentName(m.provenance(), s, scores), m.sha256(), m.headline(), m.servedMetrics(),
                    m.backtestCaveats(), m.memory(), reference.get(m.name()), m.forecastSample(), m.learningCurve()));
        }
        List<Comparison> comparisons = new ArrayList<>();
        List<Report.Headline> headlines = new ArrayList<>();
        for (ModelScore child : scores) {
            ModelScore parent = parentOf(child, scores);
            if (parent == null) continue;
            ForecastSet c = child.forecasts().toSet(), p = parent.forecasts().toSet();
            if (!c.sameTargets(p, 0.0)) {
                progress.accept("note: " + child.model().name() + " and its parent " + parent.model().name()
                        + " were scored on different test positions; no paired comparison");
                continue;
            }
            String name = child.model().name(), pname = parent.model().name();
            comparisons.add(PairedComparison.compare(name, c, pname, p, PairedComparison.Config.DEFAULT));
            String target = child.model().headline().target();
            Comparison t = PairedComparison.compareTarget(name, c, pname, p, target, PairedComparison.Config.DEFAULT);
            comparisons.add(t);
            headlines.add(headline(child.model(), parent.model(), t, reference));
        }
        ModelScore first = scores.get(0);
        Map<String, BacktestResult> baselineBacktests = new LinkedHashMap<>();
        if (first.ar1Backtest() != null) baselineBacktests.put("ar1", first.ar1Backtest());
        Report.Task task = new Report.Task(o.taskName(), first.model().headline().target(), o.headlineMetric(), o.costBps(),
                o.costNote(), split, SCORING);
        Report r = Report.of(first.dataset(), new Report.KvCacheSetting(first.context(), o.instruments(), Float.BYTES), models,
                first.baselines(), comparisons, sweep, sweeps, Report.Environment.detect(backend()));
        return r.with(task, BuildInfo.codeVersion(), headlines, baselineBacktests);
    }

    /** "gqa2-mean: KV cache -75 %, return MSE +0.2 % [-0.9, +1.0] (not significant), p50 latency -52 % at the seed reference". */
    static Report.Headline headline(Report.Model child, Report.Model parent, Comparison t, Map<String, Report.Latency> reference) {
        double kv = 100.0 * (child.kvCacheBytes() - parent.kvCacheBytes()) / parent.kvCacheBytes();
        double base = t.parentMse();
        double pct = 100 * t.deltaMse() / base, lo = 100 * t.ciLow() / base, hi = 100 * t.ciHigh() / base;
        // enough decimals that a small change does not read as +0.0
        double scale = Math.max(Math.abs(pct), Math.max(Math.abs(lo), Math.abs(hi)));
        String f = "%+." + (scale >= 1 ? 1 : scale >= 0.1 ? 2 : 3) + "f";
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s: KV cache %+.0f %%, %s MSE " + f + " %% [" + f + ", " + f + "] (%s)",
                child.name(), kv, t.loss(), pct, lo, hi, t.significant() ? "significant" : "not significant"));
        Report.Latency lc = reference.get(child.name()), lp = reference.get(parent.name());
        double p50 = Double.NaN;
        boolean noise = false;
        if (lc != null && lp != null) {
            p50 = 100 * (lc.p50Ms() - lp.p50Ms()) / lp.p50Ms();
            noise = withinNoise(lc, lp);
            s.append(String.format(Locale.ROOT, ", p50 latency %+.0f %% at the seed reference%s", p50, noise ? " (within the noise)" : ""));
        }
        return new Report.Headline(child.name(), parent.name(), kv, t.loss() + " mse", pct, lo, hi, t.significant(), p50, noise, s.toString());
    }

    /** The p50 ranges over rounds overlap: the difference is not larger than the measurement's own spread. */
    static boolean withinNoise(Report.Latency a, Report.Latency b) {
        if (!Double.isFinite(a.p50MinMs()) || !Double.isFinite(b.p50MinMs())) return false;
        return a.p50MinMs() <= b.p50MaxMs() && b.p50MinMs() <= a.p50MaxMs();
    }

    private Map<String, Report.Latency> timeOwn(List<ModelScore> scores) {
        progress.accept("timing streaming decisions at each model's own shape (" + Evaluator.LATENCY_ROUNDS + " rounds over "
                + scores.size() + " models)");
        Map<String, Weights> weights = new LinkedHashMap<>();
        for (ModelScore s : scores) weights.put(s.model().name(), CheckpointIO.read(Path.of(s.model().path())).weights());
        return rounds(weights, "own", o.instruments());
    }

    /** One synthetic model per distinct KV/Q-head ratio at the seed reference shape (timing depends on the shape only). */
    private Map<String, Report.Latency> timeSeedReference(List<ModelScore> scores) {
        Map<Integer, Weights> byKv = new LinkedHashMap<>();
        Map<String, Integer> kvOf = new LinkedHashMap<>();
        StreamBenchmark.Settings ref = StreamBenchmark.Settings.seedReference(8);
        for (ModelScore s : scores) {
            Report.Model m = s.model();
            if ((ref.heads() * m.nKvHeads()) % m.nHeads() != 0) continue;
            int kv = ref.heads() * m.nKvHeads() / m.nHeads();
            kvOf.put(m.name(), kv);
            byKv.computeIfAbsent(kv, k -> Weights.init(StreamBenchmark.Settings.seedReference(k).modelConfig()));
        }
        progress.accept("timing the seed reference (6 layers, d_model 256, 8 heads, context 1024) at KV heads " + byKv.keySet()
                + ", " + Evaluator.LATENCY_ROUNDS + " rounds");
        Map<String, Weights> named = new LinkedHashMap<>();
        byKv.forEach((kv, w) -> named.put("kv" + kv, w));
        Map<String, Report.Latency> timed = rounds(named, "seed reference, " + ref.instruments() + " instruments", ref.instruments());
        Map<String, Report.Latency> out = new LinkedHashMap<>();
        kvOf.forEach((name, kv) -> out.put(name, timed.get("kv" + kv)));
        return out;
    }

    /**
     * After one untimed warm-up, {@value Evaluator#LATENCY_ROUNDS} rounds that time each model in turn; a model's
     * figure is its median round, with the lowest and highest p50 of the rounds as its spread.
     */
    private Map<String, Report.Latency> rounds(Map<String, Weights> models, String shape, int instruments) {
        int decisions = Math.max(20, o.decisions() / Evaluator.LATENCY_ROUNDS), warmup = Math.max(50, decisions / 2);
        StreamBenchmark.run(models.values().iterator().next(), instruments, 1, warmup, decisions);
        Map<String, List<StreamBenchResult>> rounds = new LinkedHashMap<>();
        for (int round = 0; round < Evaluator.LATENCY_ROUNDS; round++) {
            models.forEach((name, w) -> rounds.computeIfAbsent(name, k -> new ArrayList<>())
                    .add(StreamBenchmark.run(w, instruments, 1, warmup, decisions)));
        }
        Map<String, Report.Latency> out = new LinkedHashMap<>();
        rounds.forEach((name, results) -> {
            List<StreamBenchResult> sorted = new ArrayList<>(results);
            sorted.sort(java.util.Comparator.comparingDouble(StreamBenchResult::p50Ms));
            StreamBenchResult median = sorted.get(sorted.size() / 2);
            out.put(name, new Report.Latency(median.p50Ms(), median.p99Ms(), median.decisionsPerS(), sorted.get(0).p50Ms(),
                    sorted.get(sorted.size() - 1).p50Ms(), sorted.size(), shape));
        });
        return out;
    }

    private List<Report.LatencyPoint> contextSweep(ModelScore s) {
        List<Report.LatencyPoint> out = new ArrayList<>();
        if (o.latencyContexts().length == 0) return out;
        Weights w0 = CheckpointIO.read(Path.of(s.model().path())).weights();
        for (int context : o.latencyContexts()) {
            Weights w = Weights.of(w0.config().withContextOfAbout(context), w0.asMap());
            StreamBenchResult r = StreamBenchmark.run(w, o.instruments(), 1, Math.max(50, o.decisions() / 2), o.decisions());
            out.add(new Report.LatencyPoint(s.model().name(), context, o.instruments(), r.p50Ms(), r.p99Ms(), r.decisionsPerS()));
        }
        return out;
    }

    private static Report.ProvenanceSummary withParentName(Report.ProvenanceSummary p, ModelScore s, List<ModelScore> all) {
        ModelScore parent = parentOf(s, all);
        if (p == null || parent == null) return p;
        return new Report.ProvenanceSummary(p.method(), parent.model().name(), p.steps(), p.uptrainSteps(), p.uptrainFraction(), p.seed(),
                p.uptrainDistill());
    }

    /** The scored model whose checkpoint hash the child's provenance names as parent. */
    static ModelScore parentOf(ModelScore child, List<ModelScore> all) {
        if (child.parentSha256() == null) return null;
        for (ModelScore m : all) if (m != child && child.parentSha256().equals(m.model().sha256())) return m;
        return null;
    }

    private static String backend() {
        Map<String, Object> info = new LinkedHashMap<>();
        Nd4j.getExecutioner().getEnvironmentInformation().forEach((k, v) -> info.put(String.valueOf(k), v));
        return Nd4j.getBackend().getClass().getSimpleName() + " blas=" + info.get("blas.vendor") + " omp.threads=" + info.get("omp.threads");
    }
}
