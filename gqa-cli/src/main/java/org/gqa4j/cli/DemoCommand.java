package org.gqa4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.gqa4j.eval.report.Report;
import org.gqa4j.eval.report.ReportWriter;
import org.gqa4j.train.ConsoleProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The main job on real BTC/USD 1-minute bars (built in, no download).",
                "Train an MHA model, convert it to GQA-4, GQA-2 and MQA with mean pooling and the data-aware method, uptrain each",
                "for 5%% of the original steps, sweep quality against KV heads and uptraining fraction over",
                "3 seeds, evaluate everything against the parent and the naive baselines, write the report."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "demo-out", paramLabel = "DIR", description = "output directory (default ${DEFAULT-VALUE}; must be new or empty)")
    Path out;

    @Option(names = "--steps", description = "training steps of the MHA model (default 2000)")
    Long steps;

    @Override
    public Integer call() throws Exception {
        Demo.Settings s = Demo.Settings.standard();
        if (steps != null) {
            Cli.positive("--steps", steps);
            s = new Demo.Settings(s.dataset(), s.layers(), s.dModel(), s.heads(), s.context(), s.dropout(), steps, s.batch(),
                    s.learningRate(), s.kvHeads(),
                    s.methods(), s.alpha(), s.sweepFractions(), s.sweepKvHeads(), s.seeds(), s.latencyContexts(), s.decisions());
        }
        Report r = new Demo(s, out, Cli::progress, ConsoleProgress.auto()).run();
        System.out.println();
        System.out.println(ReportWriter.table(r));
        System.out.println("report: " + out.resolve("report").resolve(ReportWriter.HTML));
        return 0;
    }
}
