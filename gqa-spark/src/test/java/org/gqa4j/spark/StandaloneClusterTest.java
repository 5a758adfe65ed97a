package org.gqa4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gqa4j.suite.graph.SuiteCompare;
import org.gqa4j.suite.graph.SuiteRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spark standalone cluster on localhost, a master and one worker started from the Spark jars
 * on the test classpath (nothing downloaded), and a small suite submitted to it as spark-submit
 * does in client mode: the driver here, the tasks in the worker's executor JVM. Skipped, with
 * the reason, where the loopback ports cannot be had.
 */
class StandaloneClusterTest {

    @TempDir Path tmp;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopCluster() throws Exception {
        for (Process p : started) p.destroy();
        for (Process p : started) if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
    }

    @Test
    void aSmallSuiteRunsOnAMasterAndOneWorker() throws Exception {
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        Path masterLog = tmp.resolve("master.log"), workerLog = tmp.resolve("worker.log");
        start("org.apache.spark.deploy.master.Master", List.of("--host", "127.0.0.1", "--port", String.valueOf(port),
                "--webui-port", String.valueOf(freePort())), masterLog);
        await(() -> listening(port), 60, "the master to listen on 127.0.0.1:" + port, masterLog);
        start("org.apache.spark.deploy.worker.Worker", List.of("--host", "127.0.0.1", "--cores", "2", "--memory", "2g",
                "--webui-port", String.valueOf(freePort()), "--work-dir", tmp.resolve("work").toString(), master), workerLog);
        await(() -> Files.readString(workerLog).contains("Successfully registered with master"), 60, "the worker to register", workerLog);

        Path suite = tmp.resolve("small.yaml");
        Files.writeString(suite, Suites.SMALL);
        Path out = tmp.resolve("cluster");
        List<String> args = new ArrayList<>(List.of(suite.toString(), "--out", out.toString(), "--master", master,
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.cores.max=2", "--conf", "spark.executor.memory=1g",
                // what spark-submit would ship: the application's classes, and the JVM options Spark and the trainer need
                "--conf", "spark.executor.extraClassPath=" + TestJvm.classpath(),
                "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", TestJvm.options())));
        assertEquals(0, SparkSuite.run(args.toArray(new String[0]), l -> {}));

        SuiteRun.Outcome local = SuiteRun.run(suite, tmp.resolve("local"), l -> {});
        SuiteCompare.Result r = SuiteCompare.compare(tmp.resolve("local"), out, 0.0);
        assertEquals(2, r.rows().size());
        assertEquals(0, r.regressions(), "the cluster's results equal the local runner's");
        assertEquals(local.jobsTotal(), SparkLocalTest.published(out).size());
        assertEquals(List.of(), SparkLocalTest.leftovers(out));
        // the tasks ran in the executor JVM the worker launched: their progress lines are in its stderr
        String executorErr;
        try (var files = Files.walk(tmp.resolve("work"))) {
            executorErr = files.filter(p -> p.getFileName().toString().equals("stderr")).map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).reduce("", String::concat);
        }
        assertTrue(executorErr.contains("running train synth mha s3") && executorErr.contains("running report synth"), executorErr);
    }

    private void start(String main, List<String> args, Path log) throws IOException {
        ProcessBuilder pb = TestJvm.java(main, args);
        // no Spark distribution here: the worker starts executors from the classpath the application gives
        pb.environment().put("SPARK_HOME", tmp.toString());
        pb.environment().put("SPARK_TESTING", "1");
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        started.add(pb.start());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            Assumptions.abort("no free port on the loopback address (" + e.getMessage() + "): the standalone cluster test is skipped");
            return -1;
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private void await(Check c, int seconds, String what, Path log) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (c.ok()) return;
            if (started.stream().anyMatch(p -> !p.isAlive())) break; // it could not start (a port taken, ...)
            Thread.sleep(250);
        }
        String tail = Files.exists(log) ? Files.readString(log) : "";
        if (tail.length() > 2000) tail = tail.substring(tail.length() - 2000);
        Assumptions.abort("waited " + seconds + " s for " + what + " (ports taken or not allowed here?); the standalone cluster test is skipped. Log:\n" + tail);
    }
}
