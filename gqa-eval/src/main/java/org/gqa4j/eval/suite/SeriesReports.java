package org.gqa4j.eval.suite;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gqa4j.eval.metrics.Baseline;
import org.gqa4j.eval.report.Report;

/**
 * A multi-series model's evaluation: one report per series (its own test split, scored in its own
 * normalized units) and the pooled figures over all of them. Pooled MSE and MAE are averages over
 * every test window of every series (and every output), so a series counts by its number of test
 * windows; they are comparable only because each series is standardized on its own training split.
 */
public record SeriesReports(@JsonProperty("series") List<Entry> series, @JsonProperty("pooled") Pooled pooled) {

    /** What the pooled figures average over, as the output labels them. */
    public static final String POOLED = "pooled over every test window of every series (and every target and horizon step),"
            + " each series in its own normalized units";

    /** One series: the name the model records, the data it was scored on, its report. */
    public record Entry(@JsonProperty("name") String name, @JsonProperty("data") String data,
                        @JsonIgnore Report report) {
        @JsonProperty("test_positions")
        public int testPositions() {
            return report.dataset().testPositions();
        }

        @JsonProperty("models")
        public Map<String, Score> models() {
            Map<String, Score> m = new LinkedHashMap<>();
            for (Report.Model model : report.models()) m.put(model.name(), new Score(model.metrics().mse(), model.metrics().mae()));
            return m;
        }

        @JsonProperty("baselines")
        public Map<String, Score> baselines() {
            Map<String, Score> m = new LinkedHashMap<>();
            for (Map.Entry<String, Baseline> b : report.baselines().entrySet()) {
                m.put(b.getKey(), new Score(b.getValue().mse(), b.getValue().mae()));
            }
            return m;
        }
    }

    /** Normalized MSE and MAE. */
    public record Score(@JsonProperty("mse") double mse, @JsonProperty("mae") double mae) {}

    public record Pooled(@JsonProperty("label") String label, @JsonProperty("test_positions") int testPositions,
                         @JsonProperty("models") Map<String, Score> models, @JsonProperty("baselines") Map<String, Score> baselines) {}

    public static SeriesReports of(List<Entry> entries) {
        int total = 0;
        for (Entry e : entries) total += e.testPositions();
        return new SeriesReports(List.copyOf(entries), new Pooled(POOLED, total,
                pool(entries, Entry::models, total), pool(entries, Entry::baselines, total)));
    }

    /** Window-weighted means: every series has the same outputs, so this is the mean over all windows. */
    private static Map<String, Score> pool(List<Entry> entries, java.util.function.Function<Entry, Map<String, Score>> of, int total) {
        Map<String, Score> out = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(of.apply(entries.get(0)).keySet());
        for (String k : keys) {
            double mse = 0, mae = 0;
            boolean everywhere = true;
            for (Entry e : entries) {
                Score s = of.apply(e).get(k);
                if (s == null) {
                    everywhere = false;
                    break;
                }
                mse += s.mse() * e.testPositions();
                mae += s.mae() * e.testPositions();
            }
            if (everywhere) out.put(k, new Score(mse / total, mae / total));
        }
        return out;
    }

    /** A short table: per series and pooled, each model's and baseline's MSE. */
    public String table() {
        List<String> cols = new ArrayList<>(pooled.models().keySet());
        cols.addAll(pooled.baselines().keySet());
        StringBuilder s = new StringBuilder(String.format(java.util.Locale.ROOT, "%-24s %8s", "series (normalized MSE)", "windows"));
        for (String c : cols) s.append(String.format(java.util.Locale.ROOT, " %12s", c));
        s.append('\n');
        // a series' name is recorded in the checkpoint: foreign text, shown without control characters
        for (Entry e : series) row(s, e.name().replaceAll("[^\\x20-\\x7e]", "?"), e.testPositions(), e.models(), e.baselines(), cols);
        row(s, "pooled", pooled.testPositions(), pooled.models(), pooled.baselines(), cols);
        return s.append("pooled: ").append(POOLED).append('\n').toString();
    }

    private static void row(StringBuilder s, String name, int n, Map<String, Score> models, Map<String, Score> baselines, List<String> cols) {
        String shown = name.length() > 24 ? "..." + name.substring(name.length() - 21) : name;
        s.append(String.format(java.util.Locale.ROOT, "%-24s %8d", shown, n));
        for (String c : cols) {
            Score v = models.containsKey(c) ? models.get(c) : baselines.get(c);
            s.append(v == null ? String.format(java.util.Locale.ROOT, " %12s", "-") : String.format(java.util.Locale.ROOT, " %12.5f", v.mse()));
        }
        s.append('\n');
    }
}
