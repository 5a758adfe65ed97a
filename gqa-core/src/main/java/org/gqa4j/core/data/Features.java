package org.gqa4j.core.data;

import java.nio.file.Path;
import java.util.List;

import org.gqa4j.core.InputException;

/**
 * Raw (unstandardized) per-bar features and target series, NaN where undefined.
 * OHLCV: log_return = ln(close_t / close_{t-1}) (undefined at t = 0), log_range = ln(high_t / low_t),
 * log_volume = ln(1 + volume_t). A filled gap bar has return 0, range 0 and log volume 0.
 * Numeric: the named column's level.
 */
final class Features {

    static final String KIND_OHLCV = "ohlcv";
    static final String KIND_NUMERIC = "numeric";
    static final List<String> OHLCV_FEATURES = List.of("log_return", "log_range", "log_volume");
    static final List<String> OHLCV_TARGETS = List.of("return", "abs_return", "log_range");
    static final List<String> OHLCV_DEFAULT_TARGETS = List.of("return", "abs_return");

    private Features() {
    }

    /** The first row whose features are defined. */
    static int firstFeatureRow(String kind) {
        return KIND_OHLCV.equals(kind) ? 1 : 0;
    }

    /** One feature (by name) for every row. */
    static double[] feature(PriceSeries s, String name) {
        if (s.isOhlcv()) {
            return switch (name) {
                case "log_return" -> logReturns(s);
                case "log_range" -> logRanges(s);
                case "log_volume" -> logVolumes(s);
                default -> throw new InputException("unknown OHLCV feature '" + name + "'; expected one of "
                        + OHLCV_FEATURES);
            };
        }
        return s.column(columnIndex(s, name, "feature"));
    }

    /** The per-bar series a target name reads (the target of position t at step k is its value at t + k). */
    static double[] target(PriceSeries s, String name) {
        if (s.isOhlcv()) {
            return switch (name) {
                case "return" -> logReturns(s);
                case "abs_return" -> abs(logReturns(s));
                case "log_range" -> logRanges(s);
                default -> throw unknownTarget(s, name);
            };
        }
        if (!s.columns().contains(name)) {
            throw unknownTarget(s, name);
        }
        return s.column(s.columns().indexOf(name));
    }

    static List<String> validTargets(PriceSeries s) {
        return s.isOhlcv() ? OHLCV_TARGETS : s.columns();
    }

    static InputException unknownTarget(PriceSeries s, String name) {
        return InputException.in(Path.of(s.label()), "unknown target '" + name + "'; valid targets: "
                + String.join(", ", validTargets(s)));
    }

    private static int columnIndex(PriceSeries s, String name, String role) {
        int i = s.columns().indexOf(name);
        if (i < 0) {
            throw InputException.in(Path.of(s.label()), "no column '" + name + "' (a " + role
                    + " of the model); columns: " + String.join(", ", s.columns()));
        }
        return i;
    }

    private static double[] logReturns(PriceSeries s) {
        double[] r = new double[s.size()];
        if (r.length > 0) {
            r[0] = Double.NaN; // no bar before the first
        }
        for (int t = 1; t < r.length; t++) {
            r[t] = Math.log(s.value(t, 3) / s.value(t - 1, 3));
        }
        return r;
    }

    private static double[] logRanges(PriceSeries s) {
        double[] r = new double[s.size()];
        for (int t = 0; t < r.length; t++) {
            r[t] = Math.log(s.value(t, 1) / s.value(t, 2));
        }
        return r;
    }

    private static double[] logVolumes(PriceSeries s) {
        double[] r = new double[s.size()];
        for (int t = 0; t < r.length; t++) {
            r[t] = Math.log1p(s.value(t, 4));
        }
        return r;
    }

    private static double[] abs(double[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = Math.abs(x[i]);
        }
        return r;
    }
}
