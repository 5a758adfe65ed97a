package org.gqa4j.core.data;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.gqa4j.core.InputException;

/** The checks every loaded series passes: strictly increasing times and sane OHLCV values. */
final class SeriesChecks {

    private SeriesChecks() {
    }

    /** Times must strictly increase; an error names both lines. */
    static void checkTimes(Path file, long[] times, long[] lines) {
        for (int i = 1; i < times.length; i++) {
            checkOrder(file, times, lines, i);
        }
    }

    /** Row i must come strictly after row i - 1. */
    static void checkOrder(Path file, long[] times, long[] lines, int i) {
        if (times[i] == times[i - 1]) {
            throw InputException.at(file, lines[i], "duplicate time " + show(times[i])
                    + " (same as line " + lines[i - 1] + "); each time may appear once");
        }
        if (times[i] < times[i - 1]) {
            throw InputException.at(file, lines[i], "time " + show(times[i]) + " is earlier than "
                    + show(times[i - 1]) + " at line " + lines[i - 1]
                    + "; rows must be in chronological order (oldest first, or strictly newest-first throughout)");
        }
    }

    /** Positive prices, non-negative volume, low <= open, close <= high. */
    static void checkBar(Path file, long line, Bar b) {
        if (!(b.open() > 0 && b.high() > 0 && b.low() > 0 && b.close() > 0)) {
            throw InputException.at(file, line, "non-positive price (open " + b.open() + ", high " + b.high()
                    + ", low " + b.low() + ", close " + b.close() + "); prices must be > 0");
        }
        if (b.volume() < 0) {
            throw InputException.at(file, line, "negative volume " + b.volume() + "; expected volume >= 0");
        }
        if (b.high() < b.low()) {
            throw InputException.at(file, line, "high " + b.high() + " is below low " + b.low()
                    + "; expected high >= low");
        }
        if (b.close() < b.low() || b.close() > b.high()) {
            throw InputException.at(file, line, "close " + b.close() + " is outside [low " + b.low()
                    + ", high " + b.high() + "]");
        }
        if (b.open() < b.low() || b.open() > b.high()) {
            throw InputException.at(file, line, "open " + b.open() + " is outside [low " + b.low()
                    + ", high " + b.high() + "]");
        }
    }

    /** Checks every bar and the time order, in file order, then builds the series. */
    static PriceSeries bars(Path file, String name, List<Bar> bars, long[] lines) {
        long[] times = new long[bars.size()];
        for (int i = 0; i < times.length; i++) {
            checkBar(file, lines[i], bars.get(i));
            times[i] = bars.get(i).timeMillis();
            if (i > 0) {
                checkOrder(file, times, lines, i);
            }
        }
        return PriceSeries.ofBars(name, file.toString(), bars);
    }

    /**
     * The common end of every bar loader: a strictly newest-first file is reversed (with a note),
     * bars and order checked, gaps reported and handled by the policy, a still-forming last
     * bar flagged; the series carries its {@link LoadInfo}.
     */
    static PriceSeries finishBars(Path file, String name, String format, List<Bar> bars, long[] lines,
                                  GapPolicy policy, List<String> notes) {
        List<String> n = new ArrayList<>(notes);
        boolean descending = descending(bars.size(), i -> bars.get(i).timeMillis());
        List<Bar> ordered = bars;
        long[] orderedLines = lines;
        if (descending) {
            ordered = new ArrayList<>(bars);
            Collections.reverse(ordered);
            orderedLines = reversed(lines);
            n.add("rows are newest-first (line " + lines[0] + " is the latest); read in reverse, oldest first");
        }
        PriceSeries checked = bars(file, name, ordered, orderedLines);
        long[] times = checked.times();
        Gaps.Report gaps = gaps(file, times, orderedLines, policy, n);
        int filled = 0;
        if (policy == GapPolicy.FILL && gaps.count() > 0) {
            List<Bar> f = Gaps.fill(file, ordered, orderedLines, gaps.intervalMillis());
            filled = f.size() - ordered.size();
            n.add("--gaps fill: inserted " + filled + " bars at the previous close with zero volume (flagged as filled)");
            checked = PriceSeries.ofBars(name, file.toString(), f);
        }
        boolean partial = partial(times, gaps.intervalMillis(), orderedLines, n);
        return checked.withLoadInfo(new LoadInfo(format, descending, gaps.intervalMillis(), gaps.count(),
                gaps.largestBars(), filled, partial, n));
    }

    /** {@link #finishBars} for a numeric series (gaps can be kept or refused, not filled). */
    static PriceSeries finishColumns(Path file, String name, long[] times, long[] lines, List<String> columns,
                                     double[][] values, GapPolicy policy, List<String> notes) {
        List<String> n = new ArrayList<>(notes);
        boolean descending = descending(times.length, i -> times[i]);
        long[] t = times;
        long[] l = lines;
        double[][] v = values;
        if (descending) {
            t = reversed(times);
            l = reversed(lines);
            v = new double[values.length][];
            for (int i = 0; i < v.length; i++) v[i] = values[values.length - 1 - i];
            n.add("rows are newest-first (line " + lines[0] + " is the latest); read in reverse, oldest first");
        }
        checkTimes(file, t, l);
        if (policy == GapPolicy.FILL) {
            throw InputException.in(file, "--gaps fill makes bars at the previous close, which needs price bars;"
                    + " for a numeric series use --gaps keep or --gaps error");
        }
        Gaps.Report gaps = gaps(file, t, l, policy, n);
        boolean partial = partial(t, gaps.intervalMillis(), l, n);
        return PriceSeries.ofColumns(name, file.toString(), t, columns, v).withLoadInfo(new LoadInfo("numeric",
                descending, gaps.intervalMillis(), gaps.count(), gaps.largestBars(), 0, partial, n));
    }

    private static Gaps.Report gaps(Path file, long[] times, long[] lines, GapPolicy policy, List<String> notes) {
        Gaps.Report gaps = Gaps.analyze(times);
        if (gaps.count() > 0) {
            if (policy == GapPolicy.ERROR) Gaps.refuse(file, gaps, times, lines);
            notes.add(Gaps.describe(gaps, times, lines) + (policy == GapPolicy.KEEP ? "; kept as they are (--gaps keep)" : ""));
        }
        return gaps;
    }

    /** The last bar is still forming when it ends after now (a live export's current bar). */
    private static boolean partial(long[] times, long interval, long[] lines, List<String> notes) {
        if (times.length < 2) return false;
        long last = times[times.length - 1];
        boolean partial = last + interval > System.currentTimeMillis();
        if (partial) {
            notes.add("the last bar (line " + lines[lines.length - 1] + ", " + show(last) + ") ends after now:"
                    + " it is still forming (partial); drop it for a clean history");
        }
        return partial;
    }

    private static boolean descending(int n, java.util.function.IntToLongFunction time) {
        if (n < 2) return false;
        for (int i = 1; i < n; i++) {
            if (time.applyAsLong(i) >= time.applyAsLong(i - 1)) return false;
        }
        return true;
    }

    private static long[] reversed(long[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[a.length - 1 - i];
        return r;
    }

    static String show(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
