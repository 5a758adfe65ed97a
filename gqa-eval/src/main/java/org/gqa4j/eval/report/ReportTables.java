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
        List<Table> t = new ArrayList<>(List.of(summary(r, false), baselines(r), comparisons(r), quality(r), backtest(r),
                memory(r), provenance(r), latency(r)));
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
        for (Report.Model m : r.models()) {
            Metrics q = m.metrics();
            Comparison c = r.comparisonOf(m.name());
            rows.add(List.of(m.name(), m.nKvHeads() + "/" + m.nHeads(), Fmt.count(m.params()), Fmt.bytes(m.kvCacheBytes()),
                    q == null ? Fmt.NA : Fmt.sig(q.mse(), 4), Fmt.delta(c), Fmt.deltaPct(c),
                    q == null ? Fmt.NA : Fmt.pct(q.directionalAccuracy()), q == null ? Fmt.NA : Fmt.fixed(q.ic(), 3),
                    m.latency() == null ? Fmt.NA : Fmt.fixed(m.latency().p50Ms(), 3)));
        }
        String d = ascii ? "dMSE vs parent [95% CI]" : "ΔMSE vs parent [95% CI]";
        String note = "MSE: test split, normalized units, averaged over outputs; lower is better. " + (ascii ? "dMSE" : "ΔMSE")
                + " > 0: worse than the parent; * the interval excludes 0. KV cache: " + kvSetting(r) + "."
                + bestBaselineNote(r);
        return new Table("Models", "", List.of("Model", "KV/Q heads", "Params", "KV cache", "MSE", d, ascii ? "d%" : "Δ%",
                "Dir. acc.", "IC", "p50 ms"), rows, note);
    }

    static Table baselines(Report r) {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Baseline> e : r.baselines().entrySet()) {
            rows.add(List.of(e.getKey(), Fmt.sig(e.getValue().mse(), 4), Fmt.sig(e.getValue().mae(), 4)));
        }
        return new Table("Naive baselines", "The same test positions and outputs, scored like the models. zero: raw 0 for every output; "
                + "last_value: repeat the last observed value of each target; train_mean: the training mean (z = 0).",
                List.of("Baseline", "MSE", "MAE"), rows, "");
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
                    Fmt.pct2(b.maxDrawdown()), Fmt.fixed(b.turnover(), 3), Fmt.pct(b.hitRate())));
        }
        return new Table("Backtest", "Long/short on the sign of the step-1 return forecast, " + Fmt.sig(cost, 3)
                + " bp per unit of position change. Returns are summed log returns; Sharpe is annualized.",
                List.of("Model", "Net return", "Gross", "Costs", "Sharpe", "Max drawdown", "Turnover", "Hit rate"), rows, "");
    }

    static Table memory(Report r) {
        List<List<String>> rows = new ArrayList<>();
        for (Report.Model m : r.models()) {
            Long measured = m.kvCacheBytesMeasured();
            String agree = measured == null ? "" : measured == m.kvCacheBytes() ? "yes" : "NO";
            rows.add(List.of(m.name(), Integer.toString(m.nLayers()), m.nKvHeads() + "/" + m.nHeads(), Long.toString(m.params()),
                    Fmt.bytes(m.paramBytes()), Fmt.bytes(m.kvCacheBytesPerLayer()), Fmt.bytes(m.kvCacheBytes()), Fmt.bytes(measured), agree));
        }
        return new Table("Memory", "KV cache for " + kvSetting(r) + ": analytic 2 x layers x n_kv_heads x head_dim x context x instruments "
                + "x bytes, and measured from the streaming engine's buffers.",
                List.of("Model", "Layers", "KV/Q heads", "Params", "Param bytes", "KV / layer", "KV total", "KV measured", "Agree"), rows, "");
    }

    static Table provenance(Report r) {
        List<List<String>> rows = new ArrayList<>();
        for (Report.Model m : r.models()) {
            Report.ProvenanceSummary p = m.provenance();
            if (p == null) continue;
            rows.add(List.of(m.name(), nz(p.method()), nz(p.parent()), Long.toString(p.steps()), Long.toString(p.uptrainSteps()),
                    Fmt.pct(p.uptrainFraction()), Long.toString(p.seed())));
        }
        return new Table("Provenance", "", List.of("Model", "Method", "Parent", "Steps", "Uptrain steps", "Uptrain fraction", "Seed"), rows, "");
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
