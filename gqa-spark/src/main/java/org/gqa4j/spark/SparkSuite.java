package org.gqa4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.gqa4j.core.InputException;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.suite.file.SuiteFile;
import org.gqa4j.suite.file.SuiteSpec;
import org.gqa4j.suite.graph.SuiteRun;

/**
 * A suite as a Spark application, the main class of {@code gqa-spark.jar}:
 * {@code spark-submit --class org.gqa4j.spark.SparkSuite gqa-spark.jar SUITE --out DIR}
 * ({@code DIR} a path every executor sees, or hdfs://...). {@code gqa suite run --spark MASTER}
 * starts it with {@code --master MASTER} and {@code --conf K=V}. Progress on stderr, the run's
 * JSON line on stdout; exit 2 on bad input, 1 on any other failure.
 */
public final class SparkSuite {

    static final String USAGE = "usage: SparkSuite SUITE --out DIR [--master MASTER] [--conf KEY=VALUE]...";
    private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)]");
    private static Path scratch;

    private SparkSuite() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, line -> System.err.println("gqa: " + line));
        } catch (InputException e) {
            System.err.println("gqa: " + e.getMessage());
            code = 2;
        } catch (Exception e) { // Spark's own exceptions are checked ones, thrown unchecked through its Java API
            String m = firstLine(e), input = InputException.class.getName() + ": ";
            // a task's bad input (a data file missing on an executor, ...) is still bad input, after Spark's retries
            int at = String.valueOf(e.getMessage()).indexOf(input);
            if (at >= 0) {
                System.err.println("gqa: " + firstLine(String.valueOf(e.getMessage()).substring(at + input.length())));
                code = 2;
            } else {
                System.err.println("gqa: the suite failed on Spark: " + m);
                code = 1;
            }
        }
        System.exit(code);
    }

    /** Parses the arguments, runs the suite on a Spark context made from them, prints the JSON line; returns the exit code. */
    static int run(String[] args, Consumer<String> progress) {
        Path suiteFile = null;
        String out = null, master = null;
        List<String[]> conf = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--out" -> out = value(args, ++i, a);
                case "--master" -> master = value(args, ++i, a);
                case "--conf" -> {
                    String kv = value(args, ++i, a);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) throw new InputException("--conf: '" + kv + "' is not KEY=VALUE");
                    conf.add(new String[] {kv.substring(0, eq), kv.substring(eq + 1)});
                }
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> {
                    if (a.startsWith("-") || suiteFile != null) throw new InputException("unexpected argument '" + a + "'; " + USAGE);
                    suiteFile = Path.of(a);
                }
            }
        }
        if (suiteFile == null || out == null) throw new InputException(USAGE);
        SuiteSpec suite = SuiteFile.read(suiteFile);
        SparkConf sc = new SparkConf().setAppName("gqa suite " + suite.name());
        for (String[] kv : conf) sc.set(kv[0], kv[1]);
        if (master != null) sc.setMaster(master);
        if (!sc.contains("spark.master")) throw new InputException("no Spark master: pass --master (e.g. local[2]) or run through spark-submit");
        configure(sc, progress);
        String root = runDirectory(out);
        try (JavaSparkContext jsc = new JavaSparkContext(sc)) {
            jsc.setLogLevel(sc.get("spark.log.level", "WARN"));
            HadoopResultStore store = new HadoopResultStore(root, jsc.hadoopConfiguration(), scratch());
            SuiteRun.Outcome o = SuiteRun.run(suite, suiteFile.toAbsolutePath().getParent(), store, store.root(),
                    new SparkRunner(jsc, store.root()), progress);
            System.out.println(o.jsonLine());
        }
        return 0;
    }

    /**
     * Settings this application needs whatever the master: a local master retries failed tasks
     * like a cluster does ({@code local[N]} becomes {@code local[N,F]}, F = spark.task.maxFailures),
     * ND4J's native threads follow {@code spark.task.cpus}, and a local run opens no web UI and
     * binds only the loopback address.
     */
    static void configure(SparkConf sc, Consumer<String> progress) {
        String master = sc.get("spark.master");
        Matcher m = LOCAL.matcher(master);
        if (m.matches()) {
            String retried = "local[" + m.group(1) + "," + sc.get("spark.task.maxFailures", "4") + "]";
            sc.setMaster(retried);
            progress.accept("spark: master " + master + " as " + retried + " (a failed task is retried, as on a cluster)");
        }
        String cpus = sc.get("spark.task.cpus", "1");
        sc.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", cpus);
        if (master.startsWith("local")) {
            // one machine: no web UI, and the driver stays on the loopback address
            sc.setIfMissing("spark.ui.enabled", "false");
            sc.setIfMissing("spark.driver.host", "127.0.0.1");
            sc.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
    }

    /** A plain path becomes absolute (executors resolve it, not this directory); a URI stays as it is. */
    static String runDirectory(String out) {
        if (out.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || out.startsWith("file:")) return out;
        return Path.of(out).toAbsolutePath().normalize().toString();
    }

    /** This JVM's scratch directory for job attempts and fetched results, removed when the JVM ends. */
    static synchronized Path scratch() {
        if (scratch == null) {
            try {
                Path dir = Files.createTempDirectory("gqa-spark-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        CheckpointIO.deleteTree(dir);
                    } catch (IOException ignored) {
                        // a temporary directory; the system cleans it eventually
                    }
                }));
                scratch = dir;
            } catch (IOException e) {
                throw new UncheckedIOException("creating a scratch directory: " + e.getMessage(), e);
            }
        }
        return scratch;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new InputException(option + " needs a value; " + USAGE);
        return args[i];
    }

    private static String firstLine(Throwable e) {
        return firstLine(String.valueOf(e.getMessage()));
    }

    private static String firstLine(String m) {
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
