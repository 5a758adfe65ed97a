package org.gqa4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.gqa4j.core.BuildInfo;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.suite.file.SuiteFile;
import org.gqa4j.suite.file.SuiteSpec;
import org.gqa4j.suite.graph.Job;
import org.gqa4j.suite.graph.JobGraph;
import org.gqa4j.suite.graph.SuitePlanner;
import org.gqa4j.suite.graph.SuiteRun;

/**
 * A benchmark, not a test: one suite on the local runner and on Spark {@code local[N]} from
 * scratch, Spark's overhead per task (a stage of empty tasks), and a paper estimate of the
 * speed-up on more executors from the measured per-job times (each wave's jobs scheduled
 * longest first on the executors, waves one after another, plus the overhead per task).
 * Usage: SuiteBenchmark SUITE [--master local[2]] [--work DIR]; a table on stderr, one JSON line on stdout.
 */
public final class SuiteBenchmark {

    private SuiteBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) throw new IllegalArgumentException("usage: SuiteBenchmark SUITE [--master local[2]] [--work DIR]");
        Path suiteFile = Path.of(args[0]);
        String master = opt(args, "--master", "local[2]");
        Path work = Path.of(opt(args, "--work", Files.createTempDirectory("gqa-bench-").toString()));
        SuiteSpec suite = SuiteFile.read(suiteFile);
        Path base = suiteFile.toAbsolutePath().getParent();
        JobGraph graph = SuitePlanner.plan(suite, base, BuildInfo.codeVersion()).graph();
        for (String d : List.of("local", "spark")) if (Files.exists(work.resolve(d))) CheckpointIO.deleteTree(work.resolve(d));

        long t0 = System.nanoTime();
        SuiteRun.Outcome local = SuiteRun.run(suite, base, work.resolve("local"), l -> {});
        double localS = (System.nanoTime() - t0) / 1e9;

        SparkConf conf = new SparkConf().setAppName("gqa suite benchmark").setMaster(master);
        SparkSuite.configure(conf, l -> {});
        long c0 = System.nanoTime();
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            double startS = (System.nanoTime() - c0) / 1e9;
            HadoopResultStore store = new HadoopResultStore(work.resolve("spark").toString(), sc.hadoopConfiguration(), SparkSuite.scratch());
            long s0 = System.nanoTime();
            SuiteRun.Outcome spark = SuiteRun.run(suite, base, store, store.root(), new SparkRunner(sc, store.root()), l -> {});
            double sparkS = (System.nanoTime() - s0) / 1e9;
            int slots = sc.defaultParallelism();
            double perTaskMs = perTaskOverheadMs(sc, slots);

            double[] localJob = seconds(graph, work.resolve("local")), sparkJob = seconds(graph, work.resolve("spark"));
            double work1 = Arrays.stream(sparkJob).sum();
            List<List<Job>> waves = graph.waves();
            StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                    "suite %s: %d jobs in %d waves%n  local runner (one job at a time, every core per job): %.1f s (jobs: %.1f s)%n"
                            + "  Spark %s (%d tasks at a time, 1 thread each): %.1f s (+ %.1f s to start the context; jobs: %.1f s of task time)%n"
                            + "  Spark overhead per task: %.1f ms (a stage of empty tasks)%n"
                            + "  estimate on N executors of 1 core (measured task times, waves in sequence, longest first):%n",
                    suite.name(), graph.size(), waves.size(), localS, Arrays.stream(localJob).sum(), master, slots, sparkS, startS, work1,
                    perTaskMs));
            ObjectNode json = ConfigJson.MAPPER.createObjectNode().put("suite", suite.name()).put("jobs", graph.size())
                    .put("waves", waves.size()).put("local_s", localS).put("spark_master", master).put("spark_s", sparkS)
                    .put("spark_start_s", startS).put("task_overhead_ms", perTaskMs).put("work_s", work1)
                    .put("local_jobs_run", local.jobsRun()).put("spark_jobs_run", spark.jobsRun());
            ObjectNode est = json.putObject("estimate_speedup_vs_one_executor");
            for (int n : new int[] {1, 2, 4, 8, 16, Integer.MAX_VALUE}) {
                double t = makespan(graph, waves, sparkJob, n, perTaskMs / 1000);
                double speedup = makespan(graph, waves, sparkJob, 1, perTaskMs / 1000) / t;
                String name = n == Integer.MAX_VALUE ? "unbounded" : String.valueOf(n);
                table.append(String.format(Locale.ROOT, "    N = %-9s %7.1f s  speed-up %.1fx%n", name, t, speedup));
                est.put(name, Math.round(speedup * 100) / 100.0);
            }
            table.append("  (the machine is shared; figures vary from run to run)\n");
            System.err.print(table);
            System.out.println(json);
        }
    }

    /** Wall time of the waves in sequence, each wave's jobs placed longest first on the least loaded of n executors. */
    static double makespan(JobGraph graph, List<List<Job>> waves, double[] seconds, int n, double overheadS) {
        List<String> ids = graph.jobs().stream().map(Job::id).toList();
        double total = 0;
        for (List<Job> w : waves) {
            double[] t = w.stream().mapToDouble(j -> seconds[ids.indexOf(j.id())] + overheadS).sorted().toArray();
            double[] load = new double[Math.min(n, t.length)];
            for (int i = t.length - 1; i >= 0; i--) {
                int least = IntStream.range(0, load.length).reduce((a, b) -> load[a] <= load[b] ? a : b).orElseThrow();
                load[least] += t[i];
            }
            total += Arrays.stream(load).max().orElse(0);
        }
        return total;
    }

    /** Per task: the wall time of stages of empty tasks, over the tasks, times the slots that ran them side by side. */
    static double perTaskOverheadMs(JavaSparkContext sc, int slots) {
        int tasks = 200;
        List<Integer> xs = new ArrayList<>();
        for (int i = 0; i < tasks; i++) xs.add(i);
        sc.parallelize(xs, tasks).map(x -> x).count(); // warm-up
        long t0 = System.nanoTime();
        int rounds = 3;
        for (int r = 0; r < rounds; r++) sc.parallelize(xs, tasks).map(x -> x).count();
        return (System.nanoTime() - t0) / 1e6 / rounds / tasks * slots;
    }

    /** Each job's own seconds, from its job.json. */
    static double[] seconds(JobGraph graph, Path run) throws IOException {
        List<Job> jobs = new ArrayList<>(graph.jobs());
        double[] s = new double[jobs.size()];
        for (int i = 0; i < s.length; i++) {
            JsonNode j = ConfigJson.MAPPER.readTree(run.resolve("jobs").resolve(jobs.get(i).key()).resolve("job.json").toFile());
            s[i] = j.get("seconds").asDouble();
        }
        return s;
    }

    private static String opt(String[] args, String name, String dflt) {
        for (int i = 1; i + 1 < args.length; i++) if (args[i].equals(name)) return args[i + 1];
        return dflt;
    }
}
