package org.gqa4j.eval.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gqa4j.eval.metrics.BacktestResult;
import org.gqa4j.eval.metrics.Baseline;
import org.gqa4j.eval.metrics.Comparison;
import org.gqa4j.eval.metrics.Metrics;

/** A report as the demo would fill it: MHA parent, a GQA child, an MQA child with an undefined IC. */
final class SampleReport {

    static final List<String> NAMES = List.of("mha", "gqa-2 <mean> & co", "mqa");

    private SampleReport() {}

    static Report build() {
        Map<String, Baseline> baselines = new LinkedHashMap<>();
        baselines.put("zero", new Baseline(1.31, 0.92));
        baselines.put("last_value", new Baseline(1.85, 1.1));
        baselines.put("train_mean", new Baseline(1.0, 0.8));
        int[] kv = {8, 2, 1};
        List<Report.Model> models = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long perLayer = 2L * kv[i] * 32 * 1024 * 4 * 4;
            double ic = i == 2 ? Double.NaN : 0.05 - 0.01 * i;
            Metrics m = new Metrics(1900, 0.98 + 0.004 * i, 0.7 + 0.001 * i, Map.of("return@1", 1.1e-6, "abs_return@1", 4e-7),
                    Map.of("return@1", 7e-4, "abs_return@1", 4e-4), 0.52 - 0.005 * i, ic, ic, 0.9, 0.6);
            BacktestResult bt = new BacktestResult(1900, 1, 725.23, 0.012 - 0.004 * i, 0.02, 0.008, 1.3, 0.011, 0.35, 0.51);
            models.add(new Report.Model(NAMES.get(i), "ckpt/" + NAMES.get(i), 6, 8, kv[i], 4_800_000 - 100_000L * i,
                    4 * (4_800_000 - 100_000L * i), 6 * perLayer, perLayer, i == 2 ? null : 6 * perLayer, m, baselines, bt,
                    new Report.Latency(3.0 / (1 + i), 4.5 / (1 + i), 1000 * (1 + i) / 3.0),
                    new Report.ProvenanceSummary(i == 0 ? "trained" : "mean", i == 0 ? null : "mha", 10_000 + 500L * i, i == 0 ? 0 : 500,
                            i == 0 ? 0 : 0.05, 42, i == 0 ? 0 : 1.0)));
        }
        List<Comparison> comparisons = List.of(
                new Comparison(NAMES.get(1), "mha", 1900, 0.984, 0.98, 0.004, 0.41, 0.001, 0.007, 0.95, 2.6, 0.009,
                        "m", 12, 2000, 1, 7),
                new Comparison("mqa", "mha", 1900, 0.988, 0.98, 0.008, 0.82, -0.001, 0.017, 0.95, 1.7, 0.09,
                        "m", 12, 2000, 1, 7));
        List<Report.LatencyPoint> latency = new ArrayList<>();
        for (String n : NAMES) {
            for (int ctx : new int[] {128, 512, 1024}) latency.add(new Report.LatencyPoint(n, ctx, 4, ctx / 400.0, ctx / 300.0, 400_000.0 / ctx));
        }
        Sweeps sweeps = new Sweeps(
                new Sweeps.Sweep("mse", "n_kv_heads", List.of(Sweeps.Point.of("mean", 1, 0.99, 1.0, 0.995),
                        Sweeps.Point.of("mean", 2, 0.985, 0.99), Sweeps.Point.of("mean", 8, 0.98))),
                new Sweeps.Sweep("mse", "uptrain_fraction", List.of(Sweeps.Point.of("gqa-2", 0, 1.02, 1.03),
                        Sweeps.Point.of("gqa-2", 0.01, 0.99, 1.0), Sweeps.Point.of("gqa-2", 0.05, 0.984, 0.986),
                        Sweeps.Point.of("gqa-2", 0.1, 0.982, 0.983))));
        return Report.of(new Report.Dataset("btc-usd-1m", "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12", 1900,
                        new Report.Span("2013-11-30T14:00:00Z", "2013-12-01T23:59:00Z"), List.of("return@1", "abs_return@1")),
                new Report.KvCacheSetting(1024, 4, 4), models, baselines, comparisons, latency, sweeps,
                Report.Environment.detect("CPU (test)"));
    }
}
