package org.gqa4j.eval.suite;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gqa4j.core.InputException;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.checkpoint.Provenance;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.eval.memory.EngineMemory;
import org.gqa4j.eval.metrics.Backtest;
import org.gqa4j.eval.metrics.BacktestResult;
import org.gqa4j.eval.metrics.Baseline;
import org.gqa4j.eval.metrics.Baselines;
import org.gqa4j.eval.metrics.ForecastSet;
import org.gqa4j.eval.metrics.Metrics;
import org.gqa4j.eval.report.Report;

/** Scores one checkpoint on its test split by itself: every figure that needs no other model. */
public final class Scorer {

    /** Test positions kept for the forecast-vs-actual chart. */
    static final int SAMPLE = 240;
    /** Above this annualized Sharpe ratio a backtest gets a caveat. */
    static final double IMPLAUSIBLE_SHARPE = 4.0;
    /** The AR(1) rule earning this share of a model's gross return marks the edge as mostly lag-1 reversal. */
    static final double REVERSAL_SHARE = 0.5;

    private final Evaluator.Options o;

    public Scorer(Evaluator.Options options) {
        this.o = options;
    }

    public ModelScore score(String name, Path path, PriceSeries series) {
        return score(name, path, CheckpointIO.read(path), series);
    }

    /** As above for a checkpoint already read (and verified) from {@code path}. */
    public ModelScore score(String name, Path path, Checkpoint ck, PriceSeries series) {
        if (ck.dataPrep() == null) throw InputException.in(path, "checkpoint has no data_prep.json; cannot reproduce its inputs");
        DataPrep prep = ck.dataPrep();
        PreparedData data = prep.apply(series);
        ForecastSet fixed = TestForecasts.of(ck.weights(), data).withMaseScale(TestForecasts.maseScale(data, o.season()));
        ServedForecasts served = ServedForecasts.of(ck.weights(), data, fixed);
        double[][] ar1 = TestForecasts.ar1(data);
        Map<String, Baseline> baselines = Baselines.all(fixed, TestForecasts.lastObserved(data), ar1);
        Metrics metrics = Metrics.of(fixed), servedMetrics = Metrics.of(served.set());

        Backtest.Config cost = Backtest.Config.forBarSeconds(Evaluator.barSeconds(series), o.costBps());
        BacktestResult bt = null, ar1Bt = null;
        List<String> caveats = new ArrayList<>();
        int r = fixed.returnOutput();
        if (r >= 0) {
            double[] forecast = fixed.predColumn(r, true), realized = fixed.truthColumn(r, true), ar1Return = column(ar1, r);
            bt = Backtest.run(forecast, realized, cost);
            ar1Bt = Backtest.run(ar1Return, realized, cost);
            caveats = caveats(bt, ar1Bt, agreement(forecast, ar1Return));
        }
        ModelConfig c = ck.config();
        String target = headlineTarget(fixed);
        Report.ModelHeadline headline = headline(target, metrics, servedMetrics, baselines);
        Report.Memory memory = o.memorySamples() > 0 ? EngineMemory.measure(ck.weights(), o.instruments(), o.memorySamples()) : null;
        long params = ck.weights().parameterCount();
        Report.Model model = new Report.Model(name, path.toString(), c.nLayers(), c.nHeads(), c.nKvHeads(), params, params * Float.BYTES,
                c.kvCacheBytes(o.instruments()), c.kvCacheBytes(o.instruments()) / c.nLayers(),
                memory == null ? null : memory.kvAllocatedBytes(), metrics, baselines, bt, null, provenance(ck), CheckpointIO.hash(path),
                headline, servedMetrics, caveats, memory, null, sample(fixed, served, target, data), curve(path));
        Provenance.Parent parent = ck.provenance() == null ? null : ck.provenance().parent();
        int[] test = data.testPositions();
        long[] times = data.times();
        Report.Dataset dataset = new Report.Dataset(series.name(), series.fingerprint(), test.length,
                new Report.Span(java.time.Instant.ofEpochMilli(times[test[0]]).toString(),
                        java.time.Instant.ofEpochMilli(times[test[test.length - 1]]).toString()), fixed.outputs());
        return new ModelScore(model, parent == null ? null : parent.sha256(), dataset, ForecastData.of(fixed), baselines, ar1Bt, c.context());
    }

    /** The task's headline target, or the model's return target, or its first. */
    String headlineTarget(ForecastSet f) {
        if (o.headlineTarget() != null) {
            if (!f.targets().contains(o.headlineTarget())) {
                throw new InputException("headline target '" + o.headlineTarget() + "' is not forecast by the model (targets: " + f.targets() + ")");
            }
            return o.headlineTarget();
        }
        return f.targets().contains(TestForecasts.RETURN) ? TestForecasts.RETURN : f.targets().get(0);
    }

    private Report.ModelHeadline headline(String target, Metrics m, Metrics served, Map<String, Baseline> baselines) {
        String best = Baselines.best(baselines, target);
        double value = pick(m, target), bestValue = best == null ? Double.NaN : baselines.get(best).targetMse(target);
        // skill is always on MSE (the figure every baseline and comparison shares)
        double skill = best == null ? Double.NaN : 1 - m.targetMse(target) / bestValue;
        return new Report.ModelHeadline(target, o.headlineMetric(), value, pick(served, target), best, bestValue, skill);
    }

    private double pick(Metrics m, String target) {
        var s = m.perTarget().get(target);
        if (s == null) return Double.NaN;
        return switch (o.headlineMetric()) {
            case "mae" -> s.mae();
            case "mase" -> s.mase();
            default -> s.mse();
        };
    }

    /** Warnings a quant would want before believing a backtest. */
    static List<String> caveats(BacktestResult model, BacktestResult ar1, double agreement) {
        List<String> c = new ArrayList<>();
        if (Double.isFinite(model.sharpe()) && model.sharpe() > IMPLAUSIBLE_SHARPE) {
            c.add(String.format(java.util.Locale.ROOT, "Sharpe %.1f is implausibly high for a directional strategy: suspect bid-ask "
                    + "bounce in last-trade prices, look-ahead, or costs below the real ones", model.sharpe()));
        }
        if (model.grossReturn() > 0 && ar1.grossReturn() >= REVERSAL_SHARE * model.grossReturn()) {
            c.add(String.format(java.util.Locale.ROOT, "the AR(1) baseline traded the same way earns %.0f %% of this model's gross return "
                    + "(positions agree on %.0f %% of bars): the edge is mostly lag-1 reversal, not a forecast",
                    100 * ar1.grossReturn() / model.grossReturn(), 100 * agreement));
        }
        if (model.grossReturn() > 0 && model.totalReturn() <= 0) {
            c.add(String.format(java.util.Locale.ROOT, "profitable before costs only: break-even %.2f bp per unit turnover, below the %.1f bp assumed",
                    model.breakEvenCostBps(), model.costBps()));
        }
        return c;
    }

    /** Fraction of bars on which two forecasts take the same position (sign), among bars where either trades. */
    static double agreement(double[] a, double[] b) {
        int n = 0, same = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == 0 && b[i] == 0) continue;
            n++;
            if (Math.signum(a[i]) == Math.signum(b[i])) same++;
        }
        return n == 0 ? Double.NaN : (double) same / n;
    }

    private static double[] column(double[][] m, int j) {
        double[] c = new double[m.length];
        for (int i = 0; i < m.length; i++) c[i] = m[i][j];
        return c;
    }

    private static Report.ForecastSample sample(ForecastSet fixed, ServedForecasts served, String target, PreparedData data) {
        int j = fixed.outputsOf(target)[0], n = Math.min(SAMPLE, fixed.positions());
        List<Double> p = new ArrayList<>(), s = new ArrayList<>(), t = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            p.add(fixed.predRaw(i, j));
            s.add(served.predRawAt(i, j));
            t.add(fixed.truthRaw(i, j));
        }
        return new Report.ForecastSample(fixed.outputs().get(j), data.testPositions()[0], p, s, t);
    }

    private static Report.ProvenanceSummary provenance(Checkpoint ck) {
        Provenance p = ck.provenance();
        if (p == null) return null;
        Provenance.Conversion conv = p.conversion();
        return new Report.ProvenanceSummary(conv == null ? "trained" : conv.method(), p.parent() == null ? null : p.parent().path(),
                p.steps(), conv == null ? 0 : conv.uptrainSteps(), conv == null ? 0 : conv.uptrainAlpha(), p.seed(),
                conv == null ? 0 : conv.uptrainDistill());
    }

    /** The learning curve from a training run's train-log.jsonl (empty when the checkpoint has none). */
    static List<Report.CurvePoint> curve(Path checkpoint) {
        Path log = checkpoint.resolve("train-log.jsonl");
        List<Report.CurvePoint> out = new ArrayList<>();
        if (!Files.isRegularFile(log)) return out;
        try {
            for (String line : Files.readAllLines(log)) {
                if (line.isBlank()) continue;
                JsonNode n = ConfigJson.MAPPER.readTree(line);
                if (!n.has("step")) continue;
                out.add(new Report.CurvePoint(n.get("step").asLong(), n.path("loss").asDouble(Double.NaN),
                        n.has("val_loss") ? n.get("val_loss").asDouble(Double.NaN) : Double.NaN));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + log + ": " + e.getMessage(), e);
        }
        return out;
    }
}
