package org.gqa4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.gqa4j.core.InputException;
import org.gqa4j.core.OutputDirectory;
import org.gqa4j.core.data.Datasets;
import org.gqa4j.core.data.Format;
import org.gqa4j.core.data.GapPolicy;
import org.gqa4j.eval.report.Report;
import org.gqa4j.eval.report.ReportWriter;
import org.gqa4j.eval.suite.Evaluator;
import org.gqa4j.eval.suite.SeriesReports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate checkpoints on the test split of the same data.",
                "Quality per target against the naive baselines (zero, last value, training mean, AR(1)), each",
                "converted model against its parent (paired block bootstrap CI and Diebold-Mariano), a backtest at a",
                "stated cost with caveats, the served streaming engine's forecasts, KV-cache bytes (analytic and",
                "measured heap), streaming latency at the model's shape and at the seed reference.",
                "Writes report.json, report.md and a self-contained report.html when --report is given."})
final class EvalCommand implements Callable<Integer> {

    @Parameters(paramLabel = "CKPT", arity = "1..*", description = "checkpoints (training run directories are checkpoints), parents first")
    List<Path> checkpoints = new ArrayList<>();

    @Option(names = "--data", paramLabel = "D", description = "built-in dataset name or CSV/JSON file (default: the dataset the first checkpoint was trained on);"
            + " A,B,C for a multi-series model: its series, in order")
    String data;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FMT", description = "file format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})",
            converter = Cli.FormatConverter.class, completionCandidates = Cli.FormatNames.class)
    Format format;

    @Option(names = "--gaps", defaultValue = "keep", paramLabel = "POLICY", converter = Cli.GapsConverter.class,
            description = "missing bars in a data file: keep (report them), fill or error (default ${DEFAULT-VALUE});"
                    + " use the policy the model was trained with")
    GapPolicy gaps;

    @Option(names = "--report", paramLabel = "DIR", description = "directory for report.json, report.md, report.html")
    Path report;

    @Option(names = "--instruments", defaultValue = "4", paramLabel = "N", description = "instruments for KV-cache bytes and latency (default ${DEFAULT-VALUE})")
    int instruments;

    @Option(names = "--cost-bps", defaultValue = "10", paramLabel = "BPS", description = "backtest cost per unit turnover in basis points (default ${DEFAULT-VALUE}: a retail crypto taker fee)")
    double costBps;

    @Option(names = "--headline", paramLabel = "TARGET", description = "target of the headline figure (default: return when forecast, else the first target)")
    String headline;

    @Option(names = "--no-latency", description = "skip the streaming latency measurements")
    boolean noLatency;

    @Option(names = "--latency-contexts", split = ",", paramLabel = "N",
            description = "also time each model at these contexts (default: none; the model's own shape and the seed reference are always timed)")
    int[] latencyContexts = new int[0];

    @Override
    public Integer call() throws Exception {
        Cli.positive("--instruments", instruments);
        if (!(costBps >= 0 && costBps <= 10_000)) {
            throw new InputException("--cost-bps " + costBps + ": expected a cost in basis points in [0, 10000]");
        }
        if (report != null) OutputDirectory.check(report, "--report");
        Datasets.defaultGapPolicy(gaps);
        List<Path> resolved = List.copyOf(checkpoints);
        var options = new Evaluator.Options(data, format, instruments, costBps, !noLatency,
                noLatency ? new int[0] : latencyContexts, 300, headline, "mse", 1, !noLatency, 3, "eval");
        if (org.gqa4j.core.checkpoint.CheckpointIO.isMultiSeries(resolved.get(0))) return multiSeries(options, resolved);
        Report r = new Evaluator(options, Cli::progress).evaluate(resolved);
        System.out.println(ReportWriter.table(r));
        if (report != null) {
            ReportWriter.write(report, r);
            System.out.println("report: " + report.resolve(ReportWriter.HTML) + " (also " + ReportWriter.JSON + ", " + ReportWriter.MARKDOWN + ")");
        }
        return 0;
    }

    /** A multi-series model: one report per series (REPORT/series-K/), the pooled figures in REPORT/pooled.json. */
    private Integer multiSeries(Evaluator.Options options, List<Path> resolved) throws Exception {
        SeriesReports sr = new Evaluator(options, Cli::progress).evaluateSeries(resolved);
        for (int k = 0; k < sr.series().size(); k++) {
            SeriesReports.Entry e = sr.series().get(k);
            System.out.println("series " + (k + 1) + ": " + org.gqa4j.core.Excerpt.of(e.name(), 120)); // recorded in the checkpoint
            System.out.println(ReportWriter.table(e.report()));
        }
        System.out.print(sr.table());
        if (report != null) {
            for (int k = 0; k < sr.series().size(); k++) ReportWriter.write(report.resolve(SERIES_DIR + (k + 1)), sr.series().get(k).report());
            java.nio.file.Files.createDirectories(report);
            java.nio.file.Files.writeString(report.resolve(POOLED_FILE),
                    org.gqa4j.eval.report.ReportJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(sr) + "\n");
            System.out.println("reports: " + report.resolve(SERIES_DIR + "1") + " .. " + SERIES_DIR + sr.series().size()
                    + " (one per series), pooled figures: " + report.resolve(POOLED_FILE));
        }
        return 0;
    }

    static final String SERIES_DIR = "series-", POOLED_FILE = "pooled.json";
}
