package org.gqa4j.eval.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gqa4j.eval.metrics.BacktestResult;
import org.gqa4j.eval.metrics.Baseline;
import org.gqa4j.eval.metrics.Baselines;
import org.gqa4j.eval.metrics.Comparison;
import org.gqa4j.eval.metrics.Metrics;

/**
 * The report's tables as plain strings, built once so the console, Markdown and HTML show the
 * same figures. Renderers escape the text for their format.
 */
final class ReportTables {

    /** @param intro text before the table, @param note text after it; either may be empty. */
    record Table(String title, String intro, List<String> headers, List<List<String>> rows, String note) {}

    static final String KV_SWEEP = "Quality against the number of KV heads";
    static final String UPTRAIN_SWEEP = "Quality against the uptraining fraction";

    private ReportTables() {}

    /** Every table, in reading order. */
    static List<Table> all(Report r) {
        List<Table> t = new ArrayList<>(List.of(headlines(r), summary(r, false), perTarget(r), baselines(r), comparisons(r), quality(r),
                backtest(r), memory(r), provenance(r), modelLatency(r), latency(r)));
        if (r.sweeps() != null) {
            if (r.sweeps().kvHeads() != null) t.add(sweep(KV_SWEEP, r.sweeps().kvHeads()));
            if (r.sweeps().uptrainFraction() != null) t.add(sweep(UPTRAIN_SWEEP, r.sweeps().uptrainFraction()));
        }
        t.add(environment(r));
        return t;
    }

    /** One row per model: the decision table (quality with its uncertainty, memory, speed). */
    static Table summary(Report r, boolean ascii) {
        List<List<String>> rows = new ArrayList<>();
        String target = r.task() != null ? r.task().headlineTarget() : null;
        for (Report.Model m : r.models()) {
            Metrics q = m.metrics();
            String t = target != null ? target : m.headline() != null ? m.headline().target() : null;
            Comparison c = t != null && r.comparisonOf(m.name(), t) != null ? r.comparisonOf(m.name(), t) : r.comparisonOf(m.name());
            double head = q == null || t == null ? Double.NaN : q.targetMse(t);
            rows.add(List.of(m.name(), m.nKvHeads() + "/" + m.nHeads(), Fmt.count(m.params()), Fmt.bytes(m.kvCacheBytes()),
                    Fmt.sig(head, 4), Fmt.delta(c), Fmt.deltaPct(c),
                    m.headline() == null ? Fmt.NA : Fmt.pct(m.headline().skill()),
                    q == null ? Fmt.NA : Fmt.sig(q.mse(), 4),
                    q == null ? Fmt.NA : Fmt.pct(q.directionalAccuracy()), q == null ? Fmt.NA : Fmt.fixed(q.ic(), 3),
                    m.latencySeedReference() == null ? Fmt.NA : Fmt.fixed(m.latencySeedReference().p50Ms(), 3)));
        }
        String name = target == null ? "headline" : target;
        String d = (ascii ? "d" : "Δ") + name + " MSE vs parent [95% CI]";
        String note = name + " MSE: the headline figure, test split, normalized units, averaged over the target's horizon steps; lower is better. "
                + (ascii ? "d" : "Δ") + " > 0: worse than the parent (percentile interval of a block bootstrap, as computed); * the interval excludes 0. "
                + "Skill: 1 - MSE / the best baseline's MSE on the same target (> 0 beats every baseline). Pooled MSE: "
                + Metrics.POOLED + ". Hit rate = directional accuracy: among bars with a non-zero realized return, the fraction where the "
                + "forecast's sign is right. KV cache: " + kvSetting(r) + "." + bestBaselineNote(r);
        return new Table("Models", "", List.of("Model", "KV/Q heads", "Params", "KV cache", name + " MSE", d, ascii ? "d%" : "Δ%",
                "Skill", "Pooled MSE", "Hit rate", "IC", "p50 ms seed ref"), rows, note);
    }

    /** The answer per converted model, one line each. */
    static Table headlines(Report r) {
        List<List<String>> rows = new ArrayList<>();
        for (Report.Headline h : r.headlines()) rows.add(List.of(h.text()));
        String scoring = r.task() == null ? "" : r.task().scoring();
        return new Table("Headlines", "", List.of("Converted model against its parent"), rows, scoring);
    }

    /** Per target: MSE and MAE (normalized), raw MSE, MASE; fixed-window and served. */
    static Table perTarget(Report r) {
        Set<String> targets = new LinkedHashSet<>();
        for (Report.Model m : r.models()) if (m.metrics() != null) targets.addAll(m.metrics().perTarget().keySet());
        List<String> headers = new ArrayList<>(List.of("Model"));
        for (String t : targets) headers.addAll(List.of(t + " MSE", t + " MSE served", t + " MSE raw", t + " MASE"));
        List<List<String>> rows = new ArrayList<>();
        for (Report.Model m : r.models()) {
            if (m.metrics() == null) continue;
            List<String> row = new ArrayList<>(List.of(m.name()));
            for (String t : targets) {
                var x = m.metrics().perTarget().get(t);
                var sv = m.servedMetrics() == null ? null : m.servedMetrics().perTarget().get(t);
                row.addAll(x == null ? List.of(Fmt.NA, Fmt.NA, Fmt.NA, Fmt.NA) : List.of(Fmt.sig(x.mse(), 4),
                        sv == null ? Fmt.NA : Fmt.sig(sv.mse(), 4), Fmt.sig(x.mseRaw(), 3), Fmt.sig(x.mase(), 3)));
            }
            rows.add(row);
        }
        for (Map.Entry<String, Baseline> e : r.baselines().entrySet()) {
            List<String> row = new ArrayList<>(List.of("baseline: " + e.getKey()));
            for (String t : targets) {
                var x = e.getValue().perTarget().get(t);
                row.addAll(x == null ? List.of(Fmt.NA, "", Fmt.NA, Fmt.NA) : List.of(Fmt.sig(x.mse(), 4), "", Fmt.sig(x.mseRaw(), 3), Fmt.sig(x.mase(), 3)));
            }
            rows.add(row);
        }
        return new Table("Quality per target", "Each target on its own (never pooled), averaged over its horizon steps (per step in "
                + "report.json, per_output). MSE in normalized units; served: the streaming engine's forecasts (see the scoring note); "
                + "MASE: raw MAE over the training split's last-value naive MAE (< 1 beats it).", headers, rows, "");
    }

    /** Latency at each model's own shape and at the seed reference, with the spread over rounds. */
    static Table modelLatency(Report r) {
        List<List<String>> rows = new ArrayList<>();
        for (Report.Model m : r.models()) {
            if (m.latency() == null && m.latencySeedReference() == null) continue;
            rows.add(List.of(m.name(), lat(m.latency()), lat(m.latencySeedReference())));
        }
        return new Table("Streaming latency per decision", "p50 [lowest, highest p50 over rounds] / p99, ms. The model's own shape is where a "
                + "small model's decision costs microseconds whatever its KV heads; the seed reference (6 layers, d_model 256, context 1024, "
                + "4 instruments) at the model's KV/Q-head ratio is where the KV cache decides the latency. A headline difference whose "
                + "ranges overlap is labelled within the noise.", List.of("Model", "own shape", "seed reference"), rows, "");
    }

    private static String lat(Report.Latency l) {
        if (l == null) return Fmt.NA;
        return Fmt.fixed(l.p50Ms(), 3) + (Double.isFinite(l.p50MinMs()) ? " [" + Fmt.fixed(l.p50MinMs(), 3) + ", " + Fmt.fixed(l.p50MaxMs(), 3) + "]" : "")
                + " / " + Fmt.fixed(l.p99Ms(), 3);
    }

    static Table baselines(Report r) {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Baseline> e : r.baselines().entrySet()) {
            rows.add(List.of(e.getKey(), Fmt.sig(e.getValue().mse(), 4), Fmt.sig(e.getValue().mae(), 4)));
        }
        return new Table("Naive baselines (pooled)", "The same test positions and outputs, scored like the models; pooled over all outputs "
                + "(per target above). zero: raw 0 for every output; last_value: repeat the last observed value of each target; "
                + "train_mean: the training mean (z = 0); ar1: per target an AR(1) fitted on the training split (it captures bid-ask bounce).",
                List.of("Baseline", "Pooled MSE", "Pooled MAE"), rows, "");
    }

    static Table comparisons(Report r) {
        List<List<String>> rows = new ArrayList<>();
        String method = "";
        for (Comparison c : r.comparisons()) {
            rows.add(List.of(c.model(), c.parent(), Fmt.sig(c.modelMse(), 4), Fmt.sig(c.parentMse(), 4), Fmt.delta(c), Fmt.deltaPct(c),
                    Fmt.fixed(c.dmStat(), 2), Fmt.sig(c.dmPValue(), 2), Integer.toString(c.blockLength()), Integer.toString(c.resamples()),
                    Integer.toString(c.hacLag())));
            method = c.method();
        }
        return new Table("Converted models against their parents",
                "Per test position, d = loss(model) - loss(parent); ΔMSE = mean(d). Errors of nearby bars are correlated, so the "
                        + "interval comes from a block bootstrap and the Diebold-Mariano test uses a HAC variance.",
                List.of("Model", "Parent", "MSE", "Parent MSE", "ΔMSE [CI]", "Δ%", "DM stat", "DM p", "Block", "Resamples", "HAC lag"),
                rows, method.isEmpty() ? "" : "Method: " + method + ".");
    }

    static Table quality(Report r) {
        Set<String> outputs = new LinkedHashSet<>();
        for (Report.Model m : r.models()) if (m.metrics() != null) outputs.addAll(m.metrics().mseRaw().keySet());
        List<String> headers = new ArrayList<>(List.of("Model", "MSE", "MAE", "Vol MSE", "Vol MAE", "Dir. acc.", "IC", "IC (Spearman)"));
        for (String o : outputs) headers.add("MSE raw " + o);
        List<List<String>> rows = new ArrayList<>();
        for (Report.Model m : r.models()) {
            Metrics q = m.metrics();
            if (q == null) continue;
            List<String> row = new ArrayList<>(List.of(m.name(), Fmt.sig(q.mse(), 4), Fmt.sig(q.mae(), 4), Fmt.sig(q.volMse(), 4),
                    Fmt.sig(q.volMae(), 4), Fmt.pct(q.directionalAccuracy()), Fmt.fixed(q.ic(), 4), Fmt.fixed(q.icSpearman(), 4)));
            for (String o : outputs) row.add(Fmt.sig(q.mseRaw().getOrDefault(o, Double.NaN), 4));
            rows.add(row);
        }
        return new Table("Quality detail", "Direction and IC use the step-1 return forecast in raw units; a bar with a realized return "
                + "of exactly 0 is left out of the direction count. Vol: the volatility output, normalized units.", headers, rows, "");
    }

    static Table backtest(Report r) {
        List<List<String>> rows = new ArrayList<>();
        double cost = Double.NaN;
        for (Report.Model m : r.models()) {
            BacktestResult b = m.backtest();
            if (b == null) continue;
            cost = b.costBps();
            rows.add(List.of(m.name(), Fmt.pct2(b.totalReturn()), Fmt.pct2(b.grossReturn()), Fmt.pct2(b.cost()), Fmt.fixed(b.sharpe(), 2),
                    Fmt.pct2(b.maxDrawdown()), Fmt.fixed(b.turnover(), 3), Fmt.pct(b.hitRate()), Fmt.fixed(b.breakEvenCostBps(), 2),
                    String.join("; ", m.backtestCaveats())));
        }
        for (Map.Entry<String, BacktestResult> e : r.baselineBacktests().entrySet()) {
            BacktestResult b = e.getValue();
            rows.add(List.of("baseline: " + e.getKey(), Fmt.pct2(b.totalReturn()), Fmt.pct2(b.grossReturn()), Fmt.pct2(b.cost()),
                    Fmt.fixed(b.sharpe(), 2), Fmt.pct2(b.maxDrawdown()), Fmt.fixed(b.turnover(), 3), Fmt.pct(b.hitRate()),
                    Fmt.fixed(b.breakEvenCostBps(), 2), "the lag-1 reversal rule a model must beat"));
        }
        String why = r.task() != null ? " (" + r.task().costNote() + ")" : "";
        return new Table("Backtest", "Long/short on the sign of the step-1 return forecast, " + Fmt.sig(cost, 3)
                + " bp per unit of position change" + why + ". Returns are summed log returns; Sharpe is annualized. Break-even: the cost "
                + "per unit of position change at which the net return is 0.",
                List.of("Model", "Net return", "Gross", "Costs", "Sharpe", "Max drawdown", "Turnover", "Hit rate", "Break-even bp", "Caveats"), rows, "");
    }

    static Table memory(Report r) {
        List<List<String>> rows = new ArrayList<>();
        for (Report.Model m : r.models()) {
            Long allocated = m.kvCacheBytesMeasured();
            Report.Memory mem = m.memory();
            rows.add(List.of(m.name(), Integer.toString(m.nLayers()), m.nKvHeads() + "/" + m.nHeads(), Long.toString(m.params()),
                    Fmt.bytes(m.paramBytes()), Fmt.bytes(m.kvCacheBytesPerLayer()), Fmt.bytes(m.kvCacheBytes()), Fmt.bytes(allocated),
                    mem == null ? Fmt.NA : Fmt.bytes(mem.kvHeapBytes()), mem == null ? Fmt.NA : Fmt.bytes(mem.engineHeapBytes())));
        }
        return new Table("Memory", "KV cache for " + kvSetting(r) + ": analytic 2 x layers x n_kv_heads x head_dim x context x instruments "
                + "x bytes; allocated: the lengths of the engine's cache arrays; KV heap measured: heap retained by the engine at the model's "
                + "context minus at context 1 (after full GCs, median of samples; the analytic figure less one slot, give or take object headers); "
                + "engine heap: everything the streaming engine retains (packed weights, cache, buffers).",
                List.of("Model", "Layers", "KV/Q heads", "Params", "Param bytes", "KV / layer", "KV analytic", "KV allocated", "KV heap measured",
                        "Engine heap"), rows, "");
    }

    static Table provenance(Report r) {
        List<List<String>> rows = new ArrayList<>();
        for (Report.Model m : r.models()) {
            Report.ProvenanceSummary p = m.provenance();
            if (p == null) continue;
            rows.add(List.of(m.name(), nz(p.method()), nz(p.parent()), Long.toString(p.steps()), Long.toString(p.uptrainSteps()),
                    Fmt.pct(p.uptrainFraction()), p.uptrainSteps() == 0 ? "" : Fmt.fixed(p.uptrainDistill(), 2), Long.toString(p.seed())));
        }
        return new Table("Provenance", "", List.of("Model", "Method", "Parent", "Steps", "Uptrain steps", "Uptrain fraction",
                "Distill", "Seed"), rows, "Distill: weight of the parent's forecasts in the uptraining targets (0: the data alone).");
    }

    static Table latency(Report r) {
        List<List<String>> rows = new ArrayList<>();
        for (Report.LatencyPoint p : r.latencySweep()) {
            rows.add(List.of(p.model(), Integer.toString(p.context()), Integer.toString(p.instruments()), Fmt.fixed(p.p50Ms(), 3),
                    Fmt.fixed(p.p99Ms(), 3), Fmt.sig(p.decisionsPerS(), 4)));
        }
        return new Table("Streaming latency", "Per decision (one new bar for every instrument, a forecast out).",
                List.of("Model", "Context", "Instruments", "p50 ms", "p99 ms", "Decisions/s"), rows, "");
    }

    static Table sweep(String title, Sweeps.Sweep s) {
        List<List<String>> rows = new ArrayList<>();
        for (Sweeps.Point p : s.points()) {
            rows.add(List.of(nz(p.series()), Fmt.sig(p.x(), 4), Integer.toString(p.n()), Fmt.sig(p.mean(), 4), Fmt.sig(p.std(), 3),
                    Fmt.sig(p.min(), 4), Fmt.sig(p.max(), 4)));
        }
        return new Table(title, "Metric: " + nz(s.metric()) + "; x: " + nz(s.x()) + "; mean and spread over seeds.",
                List.of("Series", nz(s.x()), "Seeds", "Mean", "Std", "Min", "Max"), rows, "");
    }

    static Table environment(Report r) {
        Report.Environment e = r.environment();
        List<List<String>> rows = new ArrayList<>();
        if (e != null) {
            rows.add(List.of("Java", nz(e.javaVersion())));
            rows.add(List.of("Cores", Integer.toString(e.cores())));
            rows.add(List.of("ND4J backend", nz(e.nd4jBackend())));
            rows.add(List.of("OS", nz(e.os())));
        }
        rows.add(List.of("Created", nz(r.created())));
        rows.add(List.of("Code version", nz(r.codeVersion())));
        for (Report.Model m : r.models()) rows.add(List.of("sha256 " + m.name(), nz(m.sha256())));
        rows.add(List.of("Schema version", Integer.toString(r.schemaVersion())));
        return new Table("Environment", "", List.of("", ""), rows, "");
    }

    static String kvSetting(Report r) {
        Report.KvCacheSetting k = r.kvCacheSetting();
        return k == null ? "the engine's setting" : "context " + k.context() + " x " + k.instruments() + " instrument"
                + (k.instruments() == 1 ? "" : "s") + ", " + k.bytesPerValue() + " bytes per value";
    }

    private static String bestBaselineNote(Report r) {
        double best = Baselines.bestMse(r.baselines());
        if (!Double.isFinite(best)) return "";
        String name = r.baselines().entrySet().stream().filter(e -> e.getValue().mse() == best).map(Map.Entry::getKey).findFirst().orElse("");
        return " Best naive baseline: " + name + ", MSE " + Fmt.sig(best, 4) + ".";
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
