package org.gqa4j.suite.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gqa4j.core.InputException;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.eval.metrics.Comparison;
import org.gqa4j.eval.metrics.ForecastSet;
import org.gqa4j.eval.metrics.Metrics;
import org.gqa4j.eval.metrics.PairedComparison;
import org.gqa4j.eval.suite.ModelScore;

/**
 * {@code gqa suite compare RUN_A RUN_B}: per task, model and seed, the change from A to B of each
 * metric; the headline target's MSE and the pooled MSE as paired comparisons on the same test
 * positions (block-bootstrap CI). A regression is a headline-MSE increase of more than
 * {@code tolerance} (relative); a model of A missing from B is one too.
 */
public final class SuiteCompare {

    /** One model's change. {@code deltaPct} is B relative to A on the headline target's MSE. */
    public record Row(String task, String model, long seed, double aValue, double bValue, double deltaPct, double ciLowPct,
                      double ciHighPct, boolean significant, double pooledDeltaPct, double dirAccChange, boolean regression, String note) {}

    public record Result(List<Row> rows, int regressions) {}

    private SuiteCompare() {}

    public static Result compare(Path runA, Path runB, double tolerance) {
        JsonNode a = results(runA), b = results(runB);
        List<Row> rows = new ArrayList<>();
        int regressions = 0;
        for (JsonNode ta : a.get("tasks")) {
            String task = ta.get("task").asText() + (ta.get("folds").asInt() > 1 ? "/fold" + ta.get("fold").asInt() : "");
            JsonNode tb = find(b.get("tasks"), ta);
            for (JsonNode sa : ta.get("scores")) {
                String model = sa.get("model").asText();
                long seed = sa.get("seed").asLong();
                JsonNode sb = tb == null ? null : findScore(tb.get("scores"), model, seed);
                if (sb == null) {
                    rows.add(new Row(task, model, seed, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false, Double.NaN,
                            Double.NaN, true, "missing from " + runB));
                    regressions++;
                    continue;
                }
                Row r = row(task, model, seed, JobKinds.read(Path.of(sa.get("score").asText()), ModelScore.class),
                        JobKinds.read(Path.of(sb.get("score").asText()), ModelScore.class), tolerance);
                rows.add(r);
                if (r.regression()) regressions++;
            }
        }
        return new Result(rows, regressions);
    }

    static Row row(String task, String model, long seed, ModelScore a, ModelScore b, double tolerance) {
        String target = a.model().headline().target();
        ForecastSet fa = a.forecasts().toSet(), fb = b.forecasts().toSet();
        Metrics ma = a.model().metrics(), mb = b.model().metrics();
        double va = ma.targetMse(target), vb = mb.targetMse(target);
        double da = mb.directionalAccuracy() - ma.directionalAccuracy();
        if (!fa.sameTargets(fb, 1e-9)) {
            double pct = 100 * (vb - va) / va;
            return new Row(task, model, seed, va, vb, pct, Double.NaN, Double.NaN, false, Double.NaN, da, pct > 100 * tolerance,
                    "scored on different test positions: no CI");
        }
        Comparison t = PairedComparison.compareTarget(model, fb, model, fa, target, PairedComparison.Config.DEFAULT);
        Comparison p = PairedComparison.compare(model, fb, model, fa, PairedComparison.Config.DEFAULT);
        double pct = va > 0 ? 100 * t.deltaMse() / va : 0;
        return new Row(task, model, seed, va, vb, pct, 100 * t.ciLow() / va, 100 * t.ciHigh() / va, t.significant(),
                p.deltaMsePct(), da, pct > 100 * tolerance, "");
    }

    /** The comparison as a table for the terminal. */
    public static String table(Result r, double tolerance) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-16s %-22s %5s %11s %11s %9s %21s %9s %8s  %s%n", "task", "model",
                "seed", "A mse", "B mse", "change", "95% CI", "pooled", "dir.acc", ""));
        for (Row x : r.rows()) {
            s.append(String.format(Locale.ROOT, "%-16s %-22s %5d %11.5g %11.5g %+8.2f%% %21s %+8.2f%% %+7.2fpp  %s%n", x.task(), x.model(),
                    x.seed(), x.aValue(), x.bValue(), x.deltaPct(), Double.isNaN(x.ciLowPct()) ? "" :
                            String.format(Locale.ROOT, "[%+.2f%%, %+.2f%%]", x.ciLowPct(), x.ciHighPct()),
                    x.pooledDeltaPct(), 100 * x.dirAccChange(), (x.regression() ? "REGRESSION " : "") + x.note()));
        }
        s.append(String.format(Locale.ROOT, "headline MSE (per task's target), B against A; regression: an increase above %.2f %%. %d regression%s.%n",
                100 * tolerance, r.regressions(), r.regressions() == 1 ? "" : "s"));
        return s.toString();
    }

    private static JsonNode results(Path run) {
        Path f = run.resolve(SuiteRun.RESULTS);
        if (!Files.isRegularFile(f)) throw InputException.in(run, "is not a suite run directory (no " + SuiteRun.RESULTS + ")");
        try {
            return ConfigJson.MAPPER.readTree(f.toFile());
        } catch (java.io.IOException e) {
            throw InputException.in(f, "not valid JSON: " + e.getMessage());
        }
    }

    private static JsonNode find(JsonNode tasks, JsonNode t) {
        for (JsonNode x : tasks) if (x.get("task").equals(t.get("task")) && x.get("fold").equals(t.get("fold"))) return x;
        return null;
    }

    private static JsonNode findScore(JsonNode scores, String model, long seed) {
        for (JsonNode x : scores) if (x.get("model").asText().equals(model) && x.get("seed").asLong() == seed) return x;
        return null;
    }
}
