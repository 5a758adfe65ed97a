package org.gqa4j.core.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An immutable chronological series: either OHLCV bars or generic numeric columns.
 * Times are Unix milliseconds (UTC), strictly increasing (the loaders check this).
 * Array accessors return copies.
 */
public final class PriceSeries {

    /** The columns an OHLCV series exposes through {@link #columns()} and {@link #values()}. */
    public static final List<String> OHLCV_COLUMNS = List.of("open", "high", "low", "close", "volume");

    private final String name;
    private final String source;
    private final List<Bar> bars;       // null for a numeric series
    private final long[] times;
    private final List<String> columns;
    private final double[][] values;    // [row][column]
    private final LoadInfo loadInfo;
    private volatile String fingerprint;

    private PriceSeries(String name, String source, List<Bar> bars, long[] times, List<String> columns,
                        double[][] values) {
        this(name, source, bars, times, columns, values, null);
    }

    private PriceSeries(String name, String source, List<Bar> bars, long[] times, List<String> columns,
                        double[][] values, LoadInfo loadInfo) {
        this.loadInfo = loadInfo;
        this.name = name;
        this.source = source;
        this.bars = bars;
        this.times = times;
        this.columns = columns;
        this.values = values;
    }

    /** An OHLCV series; the bars must already be validated and in order. */
    public static PriceSeries ofBars(String name, String source, List<Bar> bars) {
        List<Bar> copy = List.copyOf(bars);
        long[] t = new long[copy.size()];
        double[][] v = new double[copy.size()][];
        for (int i = 0; i < t.length; i++) {
            Bar b = copy.get(i);
            t[i] = b.timeMillis();
            v[i] = new double[] {b.open(), b.high(), b.low(), b.close(), b.volume()};
        }
        return new PriceSeries(name, source, copy, t, OHLCV_COLUMNS, v);
    }

    /** A generic numeric series: {@code values[row][column]}, one row per time. */
    public static PriceSeries ofColumns(String name, String source, long[] times, List<String> columns,
                                        double[][] values) {
        if (times.length != values.length) {
            throw new IllegalArgumentException("times and values differ in length");
        }
        double[][] v = new double[values.length][];
        for (int i = 0; i < v.length; i++) {
            if (values[i].length != columns.size()) {
                throw new IllegalArgumentException("row " + i + " has " + values[i].length + " values");
            }
            v[i] = values[i].clone();
        }
        return new PriceSeries(name, source, null, times.clone(), List.copyOf(columns), v);
    }

    public String name() {
        return name;
    }

    /** How the series was read from its file (format, gaps, notes); null for series made in memory. */
    public LoadInfo loadInfo() {
        return loadInfo;
    }

    /** The same series with its load report attached (loaders call this). */
    public PriceSeries withLoadInfo(LoadInfo info) {
        return new PriceSeries(name, source, bars, times, columns, values, info);
    }

    /** Where the data came from: a file path or "classpath:..." for a built-in. */
    public String source() {
        return source;
    }

    /** How a message names the data: a built-in dataset by its name (not its resource), a file by its path. */
    public String label() {
        return source == null || source.startsWith("classpath:") ? name : source;
    }

    public boolean isOhlcv() {
        return bars != null;
    }

    /** The bars of an OHLCV series (unmodifiable); fails for a numeric series. */
    public List<Bar> bars() {
        if (bars == null) {
            throw new IllegalStateException(name + " is a numeric series, not OHLCV bars");
        }
        return bars;
    }

    public int size() {
        return times.length;
    }

    public long[] times() {
        return times.clone();
    }

    public long time(int row) {
        return times[row];
    }

    /** Column names; for OHLCV: open, high, low, close, volume. */
    public List<String> columns() {
        return columns;
    }

    /** A copy of the values, [row][column]. */
    public double[][] values() {
        double[][] copy = new double[values.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = values[i].clone();
        }
        return copy;
    }

    public double value(int row, int column) {
        return values[row][column];
    }

    /** A copy of one column. */
    public double[] column(int column) {
        double[] c = new double[values.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = values[i][column];
        }
        return c;
    }

    /** Number of filled (repaired gap) bars; 0 for a numeric series. */
    public int filledCount() {
        return bars == null ? 0 : (int) bars.stream().filter(Bar::filled).count();
    }

    /**
     * SHA-256 (hex) of a canonical encoding of the column names, times and values, so the same
     * data gives the same fingerprint whatever file format it came from. The name, the source
     * and the filled flags are not part of it (they describe the data, they are not the data).
     */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            f = computeFingerprint();
            fingerprint = f;
        }
        return f;
    }

    private String computeFingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update("gqa4j-series-v1\n".getBytes(StandardCharsets.UTF_8));
            md.update(String.join(",", columns).getBytes(StandardCharsets.UTF_8));
            ByteBuffer buf = ByteBuffer.allocate(8 * (1 + columns.size()));
            buf.clear().putLong(times.length);
            md.update(buf.array(), 0, 8);
            for (int i = 0; i < times.length; i++) {
                buf.clear();
                buf.putLong(times[i]);
                for (double x : values[i]) {
                    buf.putLong(Double.doubleToLongBits(x == 0.0 ? 0.0 : x)); // -0.0 and 0.0 alike
                }
                md.update(buf.array());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A series like this one with a different numeric value in one cell (for tests and what-ifs). */
    public PriceSeries withValue(int row, int column, double value) {
        if (bars == null) {
            double[][] v = values();
            v[row][column] = value;
            return ofColumns(name, source, times, columns, v);
        }
        List<Bar> copy = new ArrayList<>(bars);
        Bar b = copy.get(row);
        double[] x = {b.open(), b.high(), b.low(), b.close(), b.volume()};
        x[column] = value;
        copy.set(row, new Bar(b.timeMillis(), x[0], x[1], x[2], x[3], x[4], b.filled()));
        return ofBars(name, source, copy);
    }

    @Override
    public String toString() {
        return name + " (" + size() + (isOhlcv() ? " bars" : " rows") + ", " + source + ")";
    }
}
