package org.gqa4j.eval.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Small hand-written inline SVG charts for report.html: no library, no script, no external
 * resource. Every text is escaped; non-finite values are skipped rather than drawn.
 */
final class Svg {

    static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f",
        "#ff9da7", "#bab0ac", "#1b7837", "#762a83"};

    private static final int W = 680, H = 320, LEFT = 78, RIGHT = 24, TOP = 36, BOTTOM = 78, LEGEND = 170;

    /** One line of a line chart; {@code lo}/{@code hi} (may be null) draw whiskers around each point. */
    record Series(String name, double[] x, double[] y, double[] lo, double[] hi) {}

    private Svg() {}

    /** Vertical bars, optionally with a dashed horizontal reference line (e.g. the best naive baseline). */
    static String bars(String title, String yLabel, List<String> labels, double[] values, double ref, String refLabel) {
        double max = Math.max(maxFinite(values), Double.isFinite(ref) ? ref : 0);
        Axis y = Axis.of(0, max > 0 ? max * 1.15 : 1); // headroom for value labels and the reference key
        StringBuilder s = open(title);
        frame(s, y, yLabel, W - RIGHT);
        int n = labels.size();
        double slot = (double) (W - LEFT - RIGHT) / Math.max(1, n), bw = Math.min(60, slot * 0.6);
        for (int i = 0; i < n; i++) {
            double cx = LEFT + slot * (i + 0.5);
            xLabel(s, cx, labels.get(i));
            if (!Double.isFinite(values[i])) {
                text(s, cx, H - BOTTOM - 6, "middle", "n/a", "muted");
                continue;
            }
            double top = y.px(values[i]);
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %s</title></rect>%n",
                    cx - bw / 2, top, bw, y.px(0) - top, PALETTE[i % PALETTE.length], Html.esc(labels.get(i)), Fmt.sig(values[i], 4)));
            // inside the bar when it is tall enough, so the label never sits on the reference line
            boolean inside = y.px(0) - top > 20;
            text(s, cx, inside ? top + 15 : top - 4, "middle", Fmt.trim(Fmt.sig(values[i], 4)), inside ? "inval" : "val");
        }
        if (Double.isFinite(ref)) {
            double py = y.px(ref);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"ref\"/>%n", LEFT, W - RIGHT, py, py));
            // keyed at the top right, clear of the bars' value labels
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" class=\"ref\"/>%n", W - RIGHT - 250, W - RIGHT - 226, TOP + 6, TOP + 6));
            text(s, W - RIGHT - 220, TOP + 10, "start", refLabel + " " + Fmt.trim(Fmt.sig(ref, 4)), "reflabel");
        }
        return close(s);
    }

    /**
     * One dot per model on a value axis that does NOT start at 0 (it spans the values and the
     * reference, padded): MSEs near 1 differ in the third digit, which bars from 0 would hide.
     */
    static String dots(String title, String yLabel, List<String> labels, double[] values, String[] colors, double ref, String refLabel) {
        double lo = Math.min(minFinite(values), Double.isFinite(ref) ? ref : Double.POSITIVE_INFINITY);
        double hi = Math.max(maxFinite(values), Double.isFinite(ref) ? ref : Double.NEGATIVE_INFINITY);
        if (!Double.isFinite(lo)) return "";
        double pad = hi > lo ? (hi - lo) * 0.15 : Math.max(1e-12, Math.abs(hi) * 0.01);
        Axis y = Axis.of(lo - pad, hi + pad * 1.6);
        StringBuilder s = open(title);
        frame(s, y, yLabel, W - RIGHT);
        int n = labels.size();
        double slot = (double) (W - LEFT - RIGHT) / Math.max(1, n);
        for (int i = 0; i < n; i++) {
            double cx = LEFT + slot * (i + 0.5);
            xLabel(s, cx, labels.get(i));
            if (!Double.isFinite(values[i])) continue;
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"><title>%s: %s</title></circle>%n",
                    cx, y.px(values[i]), colors[i], Html.esc(labels.get(i)), Fmt.sig(values[i], 5)));
            text(s, cx, y.px(values[i]) - 8, "middle", Fmt.trim(Fmt.sig(values[i], 4)), "val");
        }
        if (Double.isFinite(ref)) {
            double py = y.px(ref);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"ref\"/>%n", LEFT, W - RIGHT, py, py));
            text(s, W - RIGHT - 4, py - 4, "end", refLabel + " " + Fmt.trim(Fmt.sig(ref, 4)), "reflabel");
        }
        return close(s);
    }

    /** Point estimates with interval whiskers around a zero line (e.g. delta MSE vs parent with its CI). */
    static String intervals(String title, String yLabel, List<String> labels, double[] mid, double[] lo, double[] hi) {
        String[] colors = new String[labels.size()];
        for (int i = 0; i < colors.length; i++) colors[i] = PALETTE[i % PALETTE.length];
        return intervals(title, yLabel, labels, mid, lo, hi, colors);
    }

    static String intervals(String title, String yLabel, List<String> labels, double[] mid, double[] lo, double[] hi, String[] colors) {
        double min = Math.min(0, Math.min(minFinite(lo), minFinite(mid))), max = Math.max(0, Math.max(maxFinite(hi), maxFinite(mid)));
        double pad = max > min ? (max - min) * 0.08 : 1; // all zero (identical models): a unit range around 0
        Axis y = Axis.of(min - pad, max + pad);
        StringBuilder s = open(title);
        frame(s, y, yLabel, W - RIGHT);
        double zero = y.px(0);
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"zero\"/>%n", LEFT, W - RIGHT, zero, zero));
        int n = labels.size();
        double slot = (double) (W - LEFT - RIGHT) / Math.max(1, n);
        for (int i = 0; i < n; i++) {
            double cx = LEFT + slot * (i + 0.5);
            xLabel(s, cx, labels.get(i));
            if (!Double.isFinite(mid[i])) continue;
            String color = colors[i];
            if (Double.isFinite(lo[i]) && Double.isFinite(hi[i])) whisker(s, cx, y.px(lo[i]), y.px(hi[i]), color);
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\"><title>%s: %s [%s, %s]</title></circle>%n",
                    cx, y.px(mid[i]), color, Html.esc(labels.get(i)), Fmt.sig(mid[i], 3), Fmt.sig(lo[i], 3), Fmt.sig(hi[i], 3)));
        }
        return close(s);
    }

    /**
     * Lines over a numeric x axis, one per series, with a legend. {@code logX} spaces x by its
     * logarithm (KV heads 1, 2, 4, 8 evenly); it falls back to linear if some x is not positive.
     */
    static String lines(String title, String xLabel, String yLabel, List<Series> series, boolean zeroBased, boolean logX) {
        String[] colors = new String[series.size()];
        for (int i = 0; i < colors.length; i++) colors[i] = PALETTE[i % PALETTE.length];
        return lines(title, xLabel, yLabel, series, zeroBased, logX, colors, true);
    }

    /** @param colors one per series; @param markers dots at every point (off for long curves) */
    static String lines(String title, String xLabel, String yLabel, List<Series> series, boolean zeroBased, boolean logX,
                        String[] colors, boolean markers) {
        double xmin = Double.POSITIVE_INFINITY, xmax = Double.NEGATIVE_INFINITY;
        double ymin = zeroBased ? 0 : Double.POSITIVE_INFINITY, ymax = Double.NEGATIVE_INFINITY;
        List<Double> xs = new ArrayList<>();
        for (Series se : series) {
            for (int i = 0; i < se.x().length; i++) {
                if (!Double.isFinite(se.x()[i]) || !Double.isFinite(se.y()[i])) continue;
                xmin = Math.min(xmin, se.x()[i]);
                xmax = Math.max(xmax, se.x()[i]);
                if (!xs.contains(se.x()[i])) xs.add(se.x()[i]);
                ymin = Math.min(ymin, lowest(se, i));
                ymax = Math.max(ymax, highest(se, i));
            }
        }
        if (xs.isEmpty()) return "";
        boolean log = logX && xmin > 0;
        java.util.function.DoubleUnaryOperator tx = v -> log ? Math.log(v) : v;
        xmin = tx.applyAsDouble(xmin);
        xmax = tx.applyAsDouble(xmax);
        if (xmax == xmin) { xmin -= 1; xmax += 1; }
        if (ymax == ymin) { ymin -= Math.max(1e-12, Math.abs(ymin) * 0.1); ymax += Math.max(1e-12, Math.abs(ymax) * 0.1); }
        double pad = (ymax - ymin) * 0.08;
        Axis y = Axis.of(zeroBased ? ymin : ymin - pad, ymax + pad);
        double x0 = xmin, x1 = xmax;
        int right = W - LEGEND; // the legend gets its own column so it never covers a line
        java.util.function.DoubleUnaryOperator px = v -> LEFT + 10 + (tx.applyAsDouble(v) - x0) / (x1 - x0) * (right - LEFT - 20);
        StringBuilder s = open(title);
        frame(s, y, yLabel, right);
        // label every distinct x actually measured: they are the experiment's settings
        if (markers) {
            for (double v : xs) text(s, px.applyAsDouble(v), H - BOTTOM + 16, "middle", Fmt.trim(Fmt.sig(v, 4)), "tick");
        } else {
            text(s, LEFT + 10, H - BOTTOM + 16, "middle", Fmt.trim(Fmt.sig(x0, 4)), "tick");
            text(s, right - 10, H - BOTTOM + 16, "middle", Fmt.trim(Fmt.sig(x1, 4)), "tick");
        }
        text(s, LEFT + (right - LEFT) / 2.0, H - BOTTOM + 36, "middle", xLabel, "axis");
        for (int k = 0; k < series.size(); k++) {
            Series se = series.get(k);
            String color = colors[k];
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < se.x().length; i++) {
                if (!Double.isFinite(se.x()[i]) || !Double.isFinite(se.y()[i])) continue;
                double cx = px.applyAsDouble(se.x()[i]), cy = y.px(se.y()[i]);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", cx, cy));
                if (se.lo() != null && se.hi() != null && Double.isFinite(se.lo()[i]) && Double.isFinite(se.hi()[i])) {
                    whisker(s, cx, y.px(se.lo()[i]), y.px(se.hi()[i]), color);
                }
                if (markers) s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s: x=%s, y=%s</title></circle>%n",
                        cx, cy, color, Html.esc(se.name()), Fmt.sig(se.x()[i], 4), Fmt.sig(se.y()[i], 4)));
            }
            s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"/>%n", pts.toString().trim(), color, markers ? "2" : "1.4"));
            double ly = TOP + 4 + 16 * k;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"12\" height=\"3\" fill=\"%s\"/>%n", right + 12, ly, color));
            text(s, right + 30, ly + 5, "start", se.name().length() > 22 ? se.name().substring(0, 21) + "…" : se.name(), "legend");
        }
        return close(s);
    }

    private static double lowest(Series se, int i) {
        return se.lo() != null && Double.isFinite(se.lo()[i]) ? Math.min(se.y()[i], se.lo()[i]) : se.y()[i];
    }

    private static double highest(Series se, int i) {
        return se.hi() != null && Double.isFinite(se.hi()[i]) ? Math.max(se.y()[i], se.hi()[i]) : se.y()[i];
    }

    /** A y axis: a nice tick step and the pixel mapping of the plot area. */
    private record Axis(double lo, double hi, double step) {
        static Axis of(double lo, double hi) {
            double step = niceStep((hi - lo) / 5);
            return new Axis(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step);
        }

        double px(double v) {
            return TOP + (hi - v) / (hi - lo) * (H - TOP - BOTTOM);
        }
    }

    /** 1, 2 or 5 times a power of ten, close to {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0) || !Double.isFinite(raw)) return 1;
        double p = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / p;
        return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * p;
    }

    private static StringBuilder open(String title) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">%n",
                W, H, W, H, Html.esc(title)));
        s.append("<title>").append(Html.esc(title)).append("</title>\n");
        text(s, W / 2.0, 20, "middle", title, "title");
        return s;
    }

    private static String close(StringBuilder s) {
        return s.append("</svg>\n").toString();
    }

    /** Gridlines, y tick labels, y axis label and the plot's baseline. */
    private static void frame(StringBuilder s, Axis y, String yLabel, int right) {
        int steps = (int) Math.round((y.hi() - y.lo()) / y.step());
        for (int k = 0; k <= steps; k++) {
            double v = y.lo() + k * y.step(), py = y.px(v);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>%n", LEFT, right, py, py));
            text(s, LEFT - 6, py + 4, "end", tick(v, y.step()), "tick");
        }
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.1f\" transform=\"rotate(-90 16 %.1f)\" text-anchor=\"middle\" class=\"axis\">%s</text>%n",
                (TOP + H - BOTTOM) / 2.0, (TOP + H - BOTTOM) / 2.0, Html.esc(yLabel)));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" class=\"axisline\"/>%n", LEFT, right, H - BOTTOM, H - BOTTOM));
    }

    /** A tick value with as many decimals as its step needs, so a scale reads 0, 0.2, 0.4 rather than 0, 0.200, 0.400. */
    static String tick(double v, double step) {
        if (Math.abs(v) < step * 1e-9) return "0";
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        if (decimals > 8 || Math.abs(v) >= 1e7) return Fmt.sig(v, 3);
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static void xLabel(StringBuilder s, double cx, String label) {
        double ly = H - BOTTOM + 14;
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" transform=\"rotate(-25 %.1f %.1f)\" text-anchor=\"end\" class=\"tick\">%s</text>%n",
                cx, ly, cx, ly, Html.esc(label)));
    }

    private static void whisker(StringBuilder s, double cx, double y1, double y2, String color) {
        s.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f %.1fH%.1f\" stroke=\"%s\" stroke-width=\"1.5\" fill=\"none\"/>%n",
                cx, y1, y2, cx - 5, y1, cx + 5, cx - 5, y2, cx + 5, color));
    }

    private static void text(StringBuilder s, double x, double y, String anchor, String t, String cls) {
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"%s\">%s</text>%n", x, y, anchor, cls, Html.esc(t)));
    }

    private static double maxFinite(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) if (Double.isFinite(x)) m = Math.max(m, x);
        return m == Double.NEGATIVE_INFINITY ? 0 : m;
    }

    private static double minFinite(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) if (Double.isFinite(x)) m = Math.min(m, x);
        return m == Double.POSITIVE_INFINITY ? 0 : m;
    }
}
