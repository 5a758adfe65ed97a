package org.gqa4j.eval.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.gqa4j.core.InputException;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.checkpoint.Provenance;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.Datasets;
import org.gqa4j.core.data.Format;
import org.gqa4j.core.data.MultiSeries;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.eval.metrics.Backtest;
import org.gqa4j.eval.report.Report;
import org.gqa4j.eval.report.Sweeps;

/**
 * The evaluation behind {@code gqa eval}: every checkpoint scored on the test split of the same
 * data by itself ({@link Scorer}: per-target quality, baselines including AR(1), backtest with
 * caveats, the served engine's forecasts, measured memory), then assembled into one report
 * ({@link ReportAssembler}: paired comparisons, latency side by side, headlines). A suite runs
 * the same two steps as separate cached jobs.
 */
public final class Evaluator {

    /**
     * @param data            dataset name or file; null = the dataset recorded in the first checkpoint
     * @param instruments     instruments for KV-cache bytes and latency
     * @param costBps         backtest cost per unit of turnover, basis points
     * @param latency         measure streaming latency (costs seconds per model)
     * @param latencyContexts contexts of the latency sweep (empty: none)
     * @param decisions       timed decisions per latency point
     * @param headlineTarget  the target of the headline figure; null = return if forecast, else the first target
     * @param headlineMetric  mse, mae or mase (of the headline target, averaged over its horizon steps)
     * @param season          season of the naive forecast scaling MASE (1 = last value)
     * @param seedReference   also time the seed reference shape at each model's KV/Q-head ratio
     * @param memorySamples   heap measurements per engine (0: do not measure)
     * @param taskName        what the report calls the task
     */
    public record Options(String data, Format format, int instruments, double costBps, boolean latency,
                          int[] latencyContexts, int decisions, String headlineTarget, String headlineMetric, int season,
                          boolean seedReference, int memorySamples, String taskName) {

        public static final List<String> METRICS = List.of("mse", "mae", "mase");

        public Options {
            if (!METRICS.contains(headlineMetric)) {
                throw new InputException("headline metric must be one of " + METRICS + ", got '" + headlineMetric + "'");
            }
            if (season < 1) throw new InputException("season must be >= 1, got " + season);
            if (instruments < 1) throw new InputException("instruments must be >= 1, got " + instruments);
            if (!(costBps >= 0)) throw new InputException("backtest cost must be >= 0 bp, got " + costBps);
        }

        public Options(String data, Format format, int instruments, double costBps, boolean latency, int[] latencyContexts,
                       int decisions) {
            this(data, format, instruments, costBps, latency, latencyContexts, decisions, null, "mse", 1, latency, 3, "eval");
        }

        public static Options defaults(String data) {
            return new Options(data, Format.AUTO, 4, Backtest.DEFAULT_COST_BPS, true, new int[0], 300);
        }

        public String costNote() {
            return costBps == Backtest.DEFAULT_COST_BPS
                    ? "the default: 10 bp per unit of position change, a retail taker fee on a crypto exchange"
                    : "as given";
        }
    }

    static final int LATENCY_ROUNDS = 3;

    private final Options options;
    private final Consumer<String> progress;

    public Evaluator(Options options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    public Report evaluate(List<Path> checkpoints) {
        return evaluate(checkpoints, null);
    }

    /** Evaluates the checkpoints in the order given; {@code sweeps} (may be null) is carried into the report. */
    public Report evaluate(List<Path> checkpoints, Sweeps sweeps) {
        if (checkpoints.isEmpty()) throw new InputException("no checkpoint given");
        List<Checkpoint> loaded = new ArrayList<>(); // each read and verified once
        for (Path path : checkpoints) loaded.add(CheckpointIO.read(path));
        for (int i = 0; i < loaded.size(); i++) {
            if (loaded.get(i).multiSeries()) {
                throw InputException.in(checkpoints.get(i), "is a multi-series model (" + MultiSeries.namesOf(loaded.get(i).series())
                        + "); it is scored per series and pooled, with models of the same series only (gqa eval does so when"
                        + " the first checkpoint is one)");
            }
        }
        Provenance firstProvenance = loaded.get(0).provenance();
        String recorded = firstProvenance == null ? null : firstProvenance.dataset();
        String data = Datasets.forCheckpoint(options.data(), recorded); // never a path recorded in a checkpoint
        if (data == null) throw new InputException(Datasets.recordedFileMessage(checkpoints.get(0), recorded));
        PriceSeries series = Datasets.load(data, options.format());
        return evaluateLoaded(options, checkpoints, loaded, data, series, sweeps, true);
    }

    private Report evaluateLoaded(Options o, List<Path> checkpoints, List<Checkpoint> loaded, String data, PriceSeries series,
                                  Sweeps sweeps, boolean checkProvenance) {
        // every model's inputs first: data that do not fit one of them fail before any forecasting
        Set<String> checked = new HashSet<>();
        for (int i = 0; i < checkpoints.size(); i++) {
            Path path = checkpoints.get(i);
            Checkpoint ck = loaded.get(i);
            if (ck.dataPrep() == null) throw InputException.in(path, "checkpoint has no data_prep.json; cannot reproduce its inputs");
            boolean first = checked.add(ck.dataPrep().toString());
            warnIfForeign(path, checkProvenance ? ck.provenance() : null, data, series, first ? ck.dataPrep().apply(series) : null);
        }
        Scorer scorer = new Scorer(o);
        List<ModelScore> scores = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < checkpoints.size(); i++) {
            Path path = checkpoints.get(i);
            progress.accept("scoring " + path + " on the test split of " + series.label()
                    + " (fixed-window and served forecasts, baselines, backtest, memory)");
            scores.add(scorer.score(uniqueName(path, names), path, loaded.get(i), series));
        }
        return new ReportAssembler(o, progress).assemble(scores, sweeps, null);
    }

    /**
     * Multi-series models: each series scored on its own test split with its own normalization
     * (one report per series, as if the model had been trained on it alone), then pooled. Every
     * checkpoint must be a model of the same series; latency and memory are measured once, on the first.
     */
    public SeriesReports evaluateSeries(List<Path> checkpoints) {
        if (checkpoints.isEmpty()) throw new InputException("no checkpoint given");
        List<Checkpoint> loaded = new ArrayList<>();
        for (Path path : checkpoints) loaded.add(CheckpointIO.read(path));
        List<org.gqa4j.core.data.SeriesPrep> first = loaded.get(0).series();
        if (first == null) throw InputException.in(checkpoints.get(0), "is a model of one series; score it with evaluate");
        for (int i = 1; i < loaded.size(); i++) {
            List<org.gqa4j.core.data.SeriesPrep> s = loaded.get(i).series();
            if (s == null || !MultiSeries.namesOf(s).equals(MultiSeries.namesOf(first))) {
                throw InputException.in(checkpoints.get(i), "is not a model of the same series as " + checkpoints.get(0)
                        + " (" + MultiSeries.namesOf(first) + "); evaluate models of other data separately");
            }
        }
        List<String> data = MultiSeries.forCheckpoint(options.data(), first); // never a path recorded in a checkpoint
        List<SeriesReports.Entry> entries = new ArrayList<>();
        for (int k = 0; k < first.size(); k++) {
            PriceSeries series = Datasets.load(data.get(k), options.format());
            List<Checkpoint> view = new ArrayList<>();
            for (Checkpoint ck : loaded) view.add(ck.forSeries(k));
            Options o = k == 0 ? options : new Options(options.data(), options.format(), options.instruments(), options.costBps(),
                    false, new int[0], options.decisions(), options.headlineTarget(), options.headlineMetric(), options.season(),
                    false, 0, options.taskName());
            progress.accept("series " + (k + 1) + " of " + first.size() + ": " + data.get(k));
            entries.add(new SeriesReports.Entry(first.get(k).name(), data.get(k),
                    evaluateLoaded(o, checkpoints, view, data.get(k), series, null, false)));
        }
        return SeriesReports.of(entries);
    }

    /**
     * Says so (a warning, not an error: evaluating elsewhere can be the point) when a model meets
     * data other than its training data: another dataset or changed contents, or features whose
     * statistics are far from those the model was normalized with ({@link DataShift}; checked once
     * per data preparation, {@code pd} null otherwise).
     */
    private void warnIfForeign(Path path, Provenance p, String data, PriceSeries series, PreparedData pd) {
        // the fingerprint decides (the same file may be named two ways); the name where none is recorded
        boolean same = p == null || (p.dataFingerprint() != null ? p.dataFingerprint().equals(series.fingerprint())
                : p.dataset() == null || p.dataset().equals(data));
        if (!same && p.dataset() != null && !p.dataset().equals(data)) {
            progress.accept("warning: " + path + " was trained on " + p.dataset() + ", not on " + series.label()
                    + "; it normalizes its inputs with " + p.dataset() + "'s statistics");
        } else if (!same) {
            progress.accept("warning: " + series.label() + " differs from the data " + path + " was trained on"
                    + " (fingerprint " + series.fingerprint() + ", trained on " + p.dataFingerprint() + ")");
        }
        if (pd == null) return;
        List<String> far = DataShift.farFeatures(pd);
        if (!far.isEmpty()) {
            progress.accept("warning: on the test split of " + series.label() + " these features are far from the"
                    + " statistics " + path + " was trained with, so its forecasts may mean little: " + String.join("; ", far));
        }
    }

    /** The test-split forecasts of one model, as the report scores them. */
    public org.gqa4j.eval.metrics.ForecastSet forecastsForTest(org.gqa4j.core.model.Weights weights,
                                                               org.gqa4j.core.data.PreparedData data) {
        return TestForecasts.of(weights, data);
    }

    /** Name of a checkpoint in the report: its directory name, made unique. */
    static String uniqueName(Path path, Set<String> taken) {
        Path normalized = path.toAbsolutePath().normalize();
        String base = normalized.getFileName().toString();
        if (base.equals("model") && normalized.getParent() != null) base = normalized.getParent().getFileName().toString();
        String name = base;
        for (int i = 2; !taken.add(name); i++) name = base + "-" + i;
        return name;
    }

    /** Median spacing of the bars, in seconds (annualizes the backtest). */
    static long barSeconds(PriceSeries s) {
        long[] t = s.times();
        if (t.length < 2) return 86_400;
        long[] d = new long[t.length - 1];
        for (int i = 1; i < t.length; i++) d[i - 1] = t[i] - t[i - 1];
        java.util.Arrays.sort(d);
        return Math.max(1, d[d.length / 2] / 1000);
    }
}
