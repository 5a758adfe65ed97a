package org.gqa4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.gqa4j.core.ThreadBudget;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.suite.graph.Job;
import org.gqa4j.suite.graph.JobAttempt;
import scala.Tuple2;

/** One Spark task: one job's ticket in, one line describing the published result out. */
final class SuiteTask implements Function<String, String> {

    private static final long serialVersionUID = 1L;

    /** One store per run directory and executor JVM (its scratch directory holds the fetched results). */
    private static final Map<String, HadoopResultStore> STORES = new HashMap<>();

    private final String root;

    SuiteTask(String root) {
        this.root = root;
    }

    @Override
    public String call(String ticket) {
        JsonNode t = SparkRunner.read(ticket);
        Job job = ConfigJson.MAPPER.convertValue(t.get("job"), Job.class);
        Map<String, String> keys = new HashMap<>();
        t.get("dep_keys").fields().forEachRemaining(e -> keys.put(e.getKey(), e.getValue().asText()));
        TaskContext ctx = TaskContext.get();
        String label = t.get("label").asText();
        String attempt = "stage" + ctx.stageId() + "-task" + ctx.taskAttemptId() + "-a" + ctx.attemptNumber();
        if (ctx.attemptNumber() > 0) System.err.println("gqa: " + label + " retrying " + job.id() + " (attempt " + (ctx.attemptNumber() + 1) + ")");
        System.err.println("gqa: " + label + " running " + job.id() + (ctx.cpus() > 1 ? " (" + ctx.cpus() + " threads)" : ""));
        FaultHooks.running(job.id());
        try (ThreadBudget.Scope s = ThreadBudget.limit(Math.max(1, ctx.cpus()))) {
            JobAttempt.Done d = JobAttempt.run(job, keys, t.get("code_version").asText(), store(root), attempt,
                    line -> System.err.println("gqa:       " + line));
            return ConfigJson.MAPPER.createObjectNode().put("id", d.id()).put("key", d.key()).put("seconds", d.seconds())
                    .put("published", d.published()).put("attempt", ctx.attemptNumber()).toString();
        } finally {
            FaultHooks.running(null);
        }
    }

    private static synchronized HadoopResultStore store(String root) {
        return STORES.computeIfAbsent(root, r -> new HadoopResultStore(r, hadoopConf(), SparkSuite.scratch()));
    }

    /** The executor's Hadoop configuration: its *-site.xml files and the job's spark.hadoop.* settings. */
    static Configuration hadoopConf() {
        Configuration c = new Configuration();
        SparkEnv env = SparkEnv.get();
        if (env != null) for (Tuple2<String, String> kv : env.conf().getAllWithPrefix("spark.hadoop.")) c.set(kv._1(), kv._2());
        return c;
    }
}
