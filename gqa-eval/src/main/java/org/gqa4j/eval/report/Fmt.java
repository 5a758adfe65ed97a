package org.gqa4j.eval.report;

import java.util.Locale;
import org.gqa4j.eval.metrics.Comparison;

/** Number formatting shared by the console, Markdown and HTML renderings (locale-independent). */
final class Fmt {

    static final String NA = "n/a";

    private Fmt() {}

    /** {@code digits} significant digits, no exponent for everyday magnitudes. */
    static String sig(double v, int digits) {
        if (!Double.isFinite(v)) return NA;
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e7) {
            int decimals = Math.max(0, digits - 1 - (int) Math.floor(Math.log10(a)));
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
        return String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
    }

    /** Drops trailing zeros of a plain decimal: "8.000" becomes "8", "0.9800" becomes "0.98". */
    static String trim(String s) {
        if (s.indexOf('.') < 0 || s.indexOf('e') >= 0) return s;
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    static String fixed(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : NA;
    }

    static String pct(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f%%", 100 * fraction) : NA;
    }

    /** Returns in percent to 0.01 %: strategies on 1-minute bars differ by small amounts. */
    static String pct2(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.2f%%", 100 * fraction) : NA;
    }

    /** 1.23M / 45.6k / 789. */
    static String count(long n) {
        if (Math.abs(n) >= 1_000_000) return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        if (Math.abs(n) >= 10_000) return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        return Long.toString(n);
    }

    /** Binary units: 12.0 MiB. */
    static String bytes(Long b) {
        if (b == null) return NA;
        double v = b;
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? b + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /**
     * "+0.00123 [+0.00045, +0.00201] *": delta and interval with a shared number of decimals,
     * enough to show the interval's half-width to two significant digits; "*" when it excludes 0.
     */
    static String delta(Comparison c) {
        if (c == null) return "";
        if (!Double.isFinite(c.deltaMse())) return NA;
        double half = (c.ciHigh() - c.ciLow()) / 2;
        double scale = half > 0 ? half : Math.abs(c.deltaMse());
        int decimals = scale > 0 ? Math.max(0, Math.min(10, 1 - (int) Math.floor(Math.log10(scale)))) : 4;
        String f = "%+." + decimals + "f";
        return String.format(Locale.ROOT, f + " [" + f + ", " + f + "]", c.deltaMse(), c.ciLow(), c.ciHigh())
                + (c.significant() ? " *" : "");
    }

    /** The delta as a percentage of the parent's MSE, "+0.4%". */
    static String deltaPct(Comparison c) {
        return c == null || !Double.isFinite(c.deltaMsePct()) ? "" : String.format(Locale.ROOT, "%+.1f%%", c.deltaMsePct());
    }
}
