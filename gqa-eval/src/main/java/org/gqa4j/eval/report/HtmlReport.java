package org.gqa4j.eval.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gqa4j.eval.metrics.Baselines;
import org.gqa4j.eval.metrics.Comparison;

/**
 * report.html: one self-contained page (inline CSS and SVG, no script, no external resource)
 * so it opens offline and can be mailed as a single file.
 */
final class HtmlReport {

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
            h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
            table{border-collapse:collapse;margin:.6em 0;font-variant-numeric:tabular-nums}
            th,td{border:1px solid #ddd;padding:3px 8px;text-align:right;white-space:nowrap}
            th:first-child,td:first-child{text-align:left}th{background:#f4f4f4}
            p.note{color:#555;font-size:.92em}.charts{display:flex;flex-wrap:wrap;gap:12px}
            svg.chart{background:#fff;border:1px solid #eee;max-width:100%;height:auto}
            svg text{font:12px system-ui,sans-serif;fill:#333}svg text.title{font-size:14px;font-weight:600}
            svg text.val,svg text.muted{font-size:11px;fill:#666}svg text.inval{font-size:11px;fill:#fff}svg text.reflabel{font-size:11px;fill:#b03030}
            svg .grid{stroke:#eee}svg .axisline{stroke:#999}svg .ref{stroke:#b03030;stroke-dasharray:6 4;stroke-width:1.5}
            svg .zero{stroke:#999;stroke-dasharray:3 3}
            """;

    private HtmlReport() {}

    static String render(Report r) {
        StringBuilder s = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        s.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        s.append("<title>gqa4j report").append(r.dataset() == null ? "" : " - " + Html.esc(r.dataset().name())).append("</title>\n");
        s.append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<h1>gqa4j evaluation report</h1>\n");
        s.append("<p>").append(Html.esc(MarkdownReport.datasetLine(r))).append("</p>\n");

        if (!r.headlines().isEmpty()) {
            s.append("<section>\n<h2>Headlines</h2>\n<ul>\n");
            for (Report.Headline h : r.headlines()) s.append("<li><b>").append(Html.esc(h.text())).append("</b></li>\n");
            s.append("</ul>\n");
            if (r.task() != null) s.append("<p class=\"note\">").append(Html.esc(r.task().scoring())).append("</p>\n");
            s.append("</section>\n");
        }
        section(s, ReportTables.summary(r, false), qualityCharts(r));
        section(s, ReportTables.perTarget(r), forecastCharts(r));
        section(s, ReportTables.baselines(r), List.of());
        section(s, ReportTables.comparisons(r), List.of());
        section(s, ReportTables.quality(r), List.of());
        section(s, ReportTables.backtest(r), equityCharts(r));
        section(s, ReportTables.memory(r), memoryCharts(r));
        section(s, ReportTables.provenance(r), learningCharts(r));
        section(s, ReportTables.modelLatency(r), List.of());
        section(s, ReportTables.latency(r), latencyCharts(r));
        if (r.sweeps() != null) {
            Sweeps.Sweep kv = r.sweeps().kvHeads(), up = r.sweeps().uptrainFraction();
            if (kv != null) {
                section(s, ReportTables.sweep(ReportTables.KV_SWEEP, kv), sweepChart(kv, "the number of KV heads", "KV heads", true));
            }
            if (up != null) {
                section(s, ReportTables.sweep(ReportTables.UPTRAIN_SWEEP, up), sweepChart(up, "the uptraining fraction", "uptraining fraction", false));
            }
        }
        section(s, ReportTables.environment(r), List.of());
        return s.append("</body>\n</html>\n").toString();
    }

    private static void section(StringBuilder s, ReportTables.Table t, List<String> charts) {
        s.append("<section>\n<h2>").append(Html.esc(t.title())).append("</h2>\n");
        if (!t.intro().isEmpty()) s.append("<p>").append(Html.esc(t.intro())).append("</p>\n");
        charts = charts.stream().filter(c -> !c.isEmpty()).toList();
        if (!charts.isEmpty()) {
            s.append("<div class=\"charts\">\n");
            charts.forEach(s::append);
            s.append("</div>\n");
        }
        if (t.rows().isEmpty()) {
            s.append("<p class=\"note\">none</p>\n</section>\n");
            return;
        }
        s.append("<table>\n<thead><tr>");
        for (String h : t.headers()) s.append("<th>").append(Html.esc(h)).append("</th>");
        s.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : t.rows()) {
            s.append("<tr>");
            for (String c : row) s.append("<td>").append(Html.esc(c)).append("</td>");
            s.append("</tr>\n");
        }
        s.append("</tbody>\n</table>\n");
        if (!t.note().isEmpty()) s.append("<p class=\"note\">").append(Html.esc(t.note())).append("</p>\n");
        s.append("</section>\n");
    }

    /** One colour per model, the same in every chart (its position in the report). */
    static String color(Report r, String model) {
        for (int i = 0; i < r.models().size(); i++) if (r.models().get(i).name().equals(model)) return Svg.PALETTE[i % Svg.PALETTE.length];
        return "#333";
    }

    private static String[] colors(Report r, List<String> names) {
        return names.stream().map(n -> color(r, n)).toArray(String[]::new);
    }

    private static String target(Report r) {
        if (r.task() != null) return r.task().headlineTarget();
        return r.models().isEmpty() || r.models().get(0).headline() == null ? null : r.models().get(0).headline().target();
    }

    /** Headline MSE per model on an axis fitted to the values (not from 0), the best baseline as a line; delta vs parent with CI. */
    private static List<String> qualityCharts(Report r) {
        List<String> charts = new ArrayList<>();
        if (r.models().isEmpty()) return charts;
        List<String> names = r.models().stream().map(Report.Model::name).toList();
        // without a headline target (reports of schema 1), the pooled figures, labelled as such
        String t = target(r);
        String what = t != null ? t : "pooled";
        double[] v = r.models().stream().mapToDouble(m -> m.metrics() == null ? Double.NaN
                : t != null ? m.metrics().targetMse(t) : m.metrics().mse()).toArray();
        String best = t != null ? Baselines.best(r.baselines(), t) : r.baselines().entrySet().stream()
                .filter(e -> e.getValue().mse() == Baselines.bestMse(r.baselines())).map(Map.Entry::getKey).findFirst().orElse(null);
        double ref = best == null ? Double.NaN : t != null ? r.baselines().get(best).targetMse(t) : r.baselines().get(best).mse();
        charts.add(Svg.dots(what + " MSE (normalized) per model; the axis does not start at 0", what + " MSE", names, v, colors(r, names),
                ref, "best baseline (" + best + ")"));
        List<Comparison> cs = r.comparisons().stream().filter(c -> c.loss().equals(t != null ? t : Comparison.POOLED)).toList();
        if (!cs.isEmpty()) {
            List<String> cn = cs.stream().map(Comparison::model).toList();
            charts.add(Svg.intervals("Δ" + what + " MSE vs parent with " + Math.round(100 * cs.get(0).ciLevel()) + "% CI", "ΔMSE",
                    cn, cs.stream().mapToDouble(Comparison::deltaMse).toArray(),
                    cs.stream().mapToDouble(Comparison::ciLow).toArray(), cs.stream().mapToDouble(Comparison::ciHigh).toArray(), colors(r, cn)));
        }
        return charts;
    }

    /** Forecast against actual over the first stretch of the test split (the parent and up to three others, to stay readable). */
    private static List<String> forecastCharts(Report r) {
        List<Report.Model> with = r.models().stream().filter(m -> m.forecastSample() != null).limit(4).toList();
        if (with.isEmpty()) return List.of();
        Report.ForecastSample first = with.get(0).forecastSample();
        List<Svg.Series> series = new ArrayList<>();
        List<String> cols = new ArrayList<>();
        series.add(new Svg.Series("actual", index(first.actual().size()), toArray(first.actual()), null, null));
        cols.add("#222");
        for (Report.Model m : with) {
            series.add(new Svg.Series(m.name(), index(m.forecastSample().forecast().size()), toArray(m.forecastSample().forecast()), null, null));
            cols.add(color(r, m.name()));
        }
        return List.of(Svg.lines("Forecast vs actual, " + first.output() + ", first " + first.actual().size() + " test bars (raw units)",
                "test bar", first.output(), series, false, false, cols.toArray(String[]::new), false));
    }

    /** Cumulative net P&L of every backtest (and the AR(1) baseline's), one colour per model. */
    private static List<String> equityCharts(Report r) {
        List<Svg.Series> series = new ArrayList<>();
        List<String> cols = new ArrayList<>();
        for (Report.Model m : r.models()) {
            if (m.backtest() == null || m.backtest().equity().isEmpty()) continue;
            series.add(new Svg.Series(m.name(), index(m.backtest().equity().size()), toArray(m.backtest().equity()), null, null));
            cols.add(color(r, m.name()));
        }
        r.baselineBacktests().forEach((name, b) -> {
            if (b.equity().isEmpty()) return;
            series.add(new Svg.Series("baseline " + name, index(b.equity().size()), toArray(b.equity()), null, null));
            cols.add("#888");
        });
        if (series.isEmpty()) return List.of();
        return List.of(Svg.lines("Equity curves: cumulative net log return (sampled evenly over the test split)", "test period (sample)",
                "net return", series, false, false, cols.toArray(String[]::new), false));
    }

    /** Validation loss against step from each training run's train-log.jsonl. */
    private static List<String> learningCharts(Report r) {
        List<Svg.Series> series = new ArrayList<>();
        List<String> cols = new ArrayList<>();
        for (Report.Model m : r.models()) {
            List<Report.CurvePoint> pts = m.learningCurve().stream().filter(p -> Double.isFinite(p.valLoss())).toList();
            if (pts.isEmpty()) continue;
            series.add(new Svg.Series(m.name(), pts.stream().mapToDouble(Report.CurvePoint::step).toArray(),
                    pts.stream().mapToDouble(Report.CurvePoint::valLoss).toArray(), null, null));
            cols.add(color(r, m.name()));
        }
        if (series.isEmpty()) return List.of();
        return List.of(Svg.lines("Learning curves: validation loss (train-log.jsonl)", "step", "validation loss", series, false, false,
                cols.toArray(String[]::new), false));
    }

    private static double[] index(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i;
        return x;
    }

    private static double[] toArray(List<Double> v) {
        return v.stream().mapToDouble(d -> d == null ? Double.NaN : d).toArray();
    }

    /** KV-cache bytes per layer per model, in a unit that keeps the numbers readable. */
    private static List<String> memoryCharts(Report r) {
        if (r.models().isEmpty()) return List.of();
        long max = r.models().stream().mapToLong(Report.Model::kvCacheBytesPerLayer).max().orElse(0);
        double unit = max >= 1 << 20 ? 1 << 20 : max >= 1 << 10 ? 1 << 10 : 1;
        String label = unit == 1 << 20 ? "MiB" : unit == 1 << 10 ? "KiB" : "bytes";
        double[] v = r.models().stream().mapToDouble(m -> m.kvCacheBytesPerLayer() / unit).toArray();
        // bars from 0 here on purpose: the point is the ratio of the sizes
        return List.of(Svg.bars("KV cache per layer (" + ReportTables.kvSetting(r) + ")", label,
                r.models().stream().map(Report.Model::name).toList(), v, Double.NaN, ""));
    }

    /** p50 latency against context, a line per model (and per instrument count when several were measured). */
    private static List<String> latencyCharts(Report r) {
        if (r.latencySweep().isEmpty()) return List.of();
        boolean manyInstruments = r.latencySweep().stream().mapToInt(Report.LatencyPoint::instruments).distinct().count() > 1;
        Map<String, List<Report.LatencyPoint>> bySeries = new LinkedHashMap<>();
        for (Report.LatencyPoint p : r.latencySweep()) {
            String key = manyInstruments ? p.model() + " x" + p.instruments() : p.model();
            bySeries.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }
        List<Svg.Series> series = new ArrayList<>();
        bySeries.forEach((name, pts) -> {
            List<Report.LatencyPoint> sorted = pts.stream().sorted(java.util.Comparator.comparingInt(Report.LatencyPoint::context)).toList();
            series.add(new Svg.Series(name, sorted.stream().mapToDouble(Report.LatencyPoint::context).toArray(),
                    sorted.stream().mapToDouble(Report.LatencyPoint::p50Ms).toArray(), null, null));
        });
        return List.of(Svg.lines("p50 latency per decision against context", "context (bars)", "p50 ms", series, true, false));
    }

    /** Mean over seeds, a line per series, whiskers from min to max over seeds. */
    private static List<String> sweepChart(Sweeps.Sweep sw, String against, String xLabel, boolean logX) {
        Map<String, List<Sweeps.Point>> bySeries = new LinkedHashMap<>();
        for (Sweeps.Point p : sw.points()) bySeries.computeIfAbsent(ReportTables.nz(p.series()), k -> new ArrayList<>()).add(p);
        List<Svg.Series> series = new ArrayList<>();
        bySeries.forEach((name, pts) -> {
            List<Sweeps.Point> sorted = pts.stream().sorted(java.util.Comparator.comparingDouble(Sweeps.Point::x)).toList();
            series.add(new Svg.Series(name, sorted.stream().mapToDouble(Sweeps.Point::x).toArray(),
                    sorted.stream().mapToDouble(Sweeps.Point::mean).toArray(),
                    sorted.stream().mapToDouble(Sweeps.Point::min).toArray(), sorted.stream().mapToDouble(Sweeps.Point::max).toArray()));
        });
        String metric = ReportTables.nz(sw.metric());
        return List.of(Svg.lines(metric + " against " + against + " (mean, min-max over seeds)", xLabel, metric, series, false, logX));
    }
}
