package org.gqa4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.gqa4j.suite.graph.SuiteRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The main job: the shipped suite suites/demo.yaml on real BTC/USD 1-minute bars (built in).",
                "Train an MHA parent, convert it to GQA-4, GQA-2 and MQA with mean pooling and the data-aware method,",
                "uptrain each for 5%% of the parent's steps, run the controls (the parent trained on for the same steps,",
                "GQA-2 trained from scratch, a second parent seed), sweep quality against KV heads and the uptraining",
                "fraction over 3 seeds, and write the report. Equivalent to gqa suite run suites/demo.yaml."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "demo-out", paramLabel = "DIR", description = "run directory (default ${DEFAULT-VALUE}; reused to resume)")
    Path out;

    @Option(names = "--steps", description = "training steps of the MHA parent (default: the suite's, 2000)")
    Long steps;

    @Override
    public Integer call() throws Exception {
        if (steps != null) Cli.positive("--steps", steps);
        SuiteRun.Outcome o = Demo.run(out, steps, Cli::progress);
        System.out.println(o.jsonLine());
        System.err.println("gqa: report: " + o.report());
        return 0;
    }
}
