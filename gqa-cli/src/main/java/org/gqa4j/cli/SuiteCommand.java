package org.gqa4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.gqa4j.suite.graph.SuiteCompare;
import org.gqa4j.suite.graph.SuiteRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "suite", mixinStandardHelpOptions = true,
        description = {"Run evaluation suites: tasks x models x seeds stated in one YAML (or JSON) file.",
                "See suites/smoke.yaml and suites/demo.yaml, and the README's Evaluation section."},
        subcommands = {SuiteCommand.Run.class, SuiteCommand.Compare.class})
final class SuiteCommand implements Runnable {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run a suite: train, convert and score every task x model x seed, one report per task.",
                    "Every job's result is cached under OUT/jobs by the content hash of what produced it, so a re-run",
                    "(after a crash, or an edit of the file) computes only what is missing. One progress line per job on",
                    "stderr; at the end one JSON line on stdout: jobs_total, jobs_run, jobs_cached, results, report."})
    static final class Run implements Callable<Integer> {

        @Parameters(paramLabel = "SUITE", description = "the suite file (.yaml, .yml or .json)")
        Path suite;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "run directory (created; reused to resume)")
        Path out;

        @Option(names = "--spark", paramLabel = "MASTER",
                description = {"run on Apache Spark instead: each wave of independent jobs one stage, each job one task;",
                        "MASTER is local[N] (this machine, N tasks at a time) or a cluster's (spark://HOST:7077, yarn, ...).",
                        "Needs the gqa-spark module built; the results equal the local runner's. See the README's Scale out."})
        String spark;

        @Option(names = "--spark-conf", paramLabel = "KEY=VALUE",
                description = "a Spark setting for --spark, e.g. spark.task.cpus=2 (threads per job); repeatable")
        List<String> sparkConf = new ArrayList<>();

        @Override
        public Integer call() {
            if (spark == null && !sparkConf.isEmpty()) throw new org.gqa4j.core.InputException("--spark-conf needs --spark MASTER");
            if (spark != null) return SparkLaunch.run(suite, out, spark, sparkConf);
            SuiteRun.Outcome o = SuiteRun.run(suite, out, Cli::progress);
            System.out.println(o.jsonLine());
            return 0;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = {"Compare two runs of a suite, for regression checks in CI.",
                    "Per task, model and seed, the change of the headline MSE from A to B with its paired block-bootstrap CI, the pooled MSE and the directional accuracy. Exit 1 when a",
                    "headline MSE rises by more than the tolerance (or a model of A is missing from B), for CI use."})
    static final class Compare implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "RUN_A", description = "the reference run directory")
        Path a;

        @Parameters(index = "1", paramLabel = "RUN_B", description = "the run directory to check")
        Path b;

        @Option(names = "--tolerance", defaultValue = "0.01", paramLabel = "F",
                description = "largest allowed relative increase of a headline MSE (default ${DEFAULT-VALUE} = 1 %%)")
        double tolerance;

        @Override
        public Integer call() {
            if (!(tolerance >= 0)) throw new org.gqa4j.core.InputException("--tolerance must be >= 0, got " + tolerance);
            SuiteCompare.Result r = SuiteCompare.compare(a, b, tolerance);
            System.out.print(SuiteCompare.table(r, tolerance));
            System.out.println(org.gqa4j.core.config.ConfigJson.MAPPER.createObjectNode().put("compared", r.rows().size())
                    .put("regressions", r.regressions()).put("tolerance", tolerance));
            return r.regressions() > 0 ? 1 : 0;
        }
    }
}
