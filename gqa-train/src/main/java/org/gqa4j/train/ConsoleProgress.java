package org.gqa4j.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress for people: on a terminal, one line redrawn in place with {@code \r} (at most ten
 * times a second); otherwise (a pipe, a log file, CI) plain lines every {@code interval}
 * seconds or every 10 % of the run, whichever comes first, so logs stay short and readable.
 * Either way the last update of a session is always shown, so the bar ends where the run did.
 */
public final class ConsoleProgress implements ProgressListener {

    private static final int BAR = 24;

    private final PrintStream out;
    private final boolean terminal;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final boolean summary;
    private Progress pending;
    private long lastDraw = Long.MIN_VALUE;
    private long lastTenth;
    private boolean drawn;
    private int width;

    ConsoleProgress(PrintStream out, boolean terminal, double intervalSeconds, LongSupplier clock) {
        this(out, terminal, (long) (intervalSeconds * 1e9), clock, true);
    }

    private ConsoleProgress(PrintStream out, boolean terminal, long intervalNanos, LongSupplier clock, boolean summary) {
        this.out = out;
        this.terminal = terminal;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
        this.summary = summary;
    }

    /**
     * The same progress without the session's closing line (how it ended, the best loss), for a
     * caller that reports the end itself, so the end is said once.
     */
    public ConsoleProgress withoutSummary() {
        return new ConsoleProgress(out, terminal, intervalNanos, clock, false);
    }

    /** A bar on a terminal (System.console() present), plain lines every 10 s otherwise; on stderr. */
    public static ConsoleProgress auto() {
        return System.console() != null ? terminal(System.err) : plain(System.err, 10);
    }

    public static ConsoleProgress terminal(PrintStream out) {
        return new ConsoleProgress(out, true, 0.1, System::nanoTime);
    }

    public static ConsoleProgress plain(PrintStream out, double intervalSeconds) {
        return new ConsoleProgress(out, false, intervalSeconds, System::nanoTime);
    }

    @Override
    public void started(long step, long total) {
        if (!terminal) {
            out.println(step > 0 ? String.format(Locale.ROOT, "training: resuming at step %d of %d", step, total)
                    : String.format(Locale.ROOT, "training: %d steps", total));
            out.flush();
        }
    }

    @Override
    public void update(Progress p) {
        long now = clock.getAsLong();
        long tenth = (long) Math.floor(p.fraction() * 10);
        boolean last = p.step() >= p.total();
        if (terminal) {
            if (last || lastDraw == Long.MIN_VALUE || now - lastDraw >= intervalNanos) {
                draw(p);
                lastDraw = now;
            } else {
                pending = p;
            }
        } else if (lastDraw == Long.MIN_VALUE || last || tenth > lastTenth || now - lastDraw >= intervalNanos) {
            out.println(plainLine(p));
            out.flush();
            lastDraw = now;
            lastTenth = tenth;
            pending = null;
        } else {
            pending = p;
        }
    }

    private void draw(Progress p) {
        String line = barLine(p);
        // pad over the remains of a longer previous line
        String pad = line.length() < width ? " ".repeat(width - line.length()) : "";
        width = line.length();
        out.print("\r" + line + pad);
        out.flush();
        drawn = true;
        pending = null;
    }

    @Override
    public void evaluated(long step, double valLoss, boolean best) {
        if (!terminal) {
            out.println(String.format(Locale.ROOT, "step %d: validation loss %.5f%s", step, valLoss, best ? " (best)" : ""));
            out.flush();
        }
    }

    @Override
    public void finished(String message) {
        // an update held back by the rate limit (a run stopped between redraws) is shown now
        if (pending != null) {
            if (terminal) draw(pending);
            else out.println(plainLine(pending));
            pending = null;
        }
        if (terminal && drawn) out.println();
        if (summary && message != null && !message.isEmpty()) out.println(message);
        out.flush();
        drawn = false;
        lastDraw = Long.MIN_VALUE;
        lastTenth = 0;
        width = 0;
    }

    static String barLine(Progress p) {
        int filled = (int) Math.round(p.fraction() * BAR);
        String bar = "#".repeat(Math.min(BAR, filled)) + ".".repeat(Math.max(0, BAR - filled));
        return String.format(Locale.ROOT, "[%s] %3.0f%% step %d/%d loss %.4f val %s %s bars/s ETA %s", bar,
                100 * p.fraction(), p.step(), p.total(), p.loss(), loss(p.valLoss()), count(p.barsPerS()), duration(p.etaS()));
    }

    static String plainLine(Progress p) {
        return String.format(Locale.ROOT, "step %d/%d (%.0f%%) loss %.5f val %s lr %.2e %s bars/s elapsed %s eta %s",
                p.step(), p.total(), 100 * p.fraction(), p.loss(), loss(p.valLoss()), p.lr(), count(p.barsPerS()),
                duration(p.elapsedS()), duration(p.etaS()));
    }

    private static String loss(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String count(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,.0f", v) : "-";
    }

    /** 75 -> "1m15s", 3725 -> "1h02m". */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) return "-";
        long s = Math.round(seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }
}
