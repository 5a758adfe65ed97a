package org.gqa4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.suite.graph.Job;
import org.gqa4j.suite.graph.JobAttempt;
import org.gqa4j.suite.graph.JobExecutor;

/**
 * Runs each wave of a suite's job graph as one Spark stage, each job one task. A task gets its
 * job as a JSON ticket (the job and its dependencies' keys), reads and publishes through a
 * {@link HadoopResultStore} on the run directory, and uses {@code spark.task.cpus} threads.
 * A task that fails is retried by Spark ({@code spark.task.maxFailures}); since a result is
 * published by one rename that fails if it exists, a retry never duplicates a result.
 */
public final class SparkRunner implements JobExecutor {

    private final JavaSparkContext sc;
    private final String root;

    /** @param root the run directory as the executors reach it (a path on a shared disk, hdfs://...) */
    public SparkRunner(JavaSparkContext sc, String root) {
        this.sc = sc;
        this.root = root;
    }

    @Override
    public List<JobAttempt.Done> run(List<Job> wave, Wave w) {
        List<String> tickets = new ArrayList<>();
        for (Job j : wave) tickets.add(ticket(j, w));
        w.progress().accept(String.format(Locale.ROOT, "wave %d: %d job%s as one Spark stage (%s)", w.index() + 1, wave.size(),
                wave.size() == 1 ? "" : "s", String.join(", ", wave.stream().map(j -> w.label(j) + " " + j.id()).toList())));
        sc.setJobDescription("gqa wave " + (w.index() + 1) + ": " + wave.size() + " jobs");
        List<String> lines = sc.parallelize(tickets, tickets.size()).map(new SuiteTask(root)).collect();
        List<JobAttempt.Done> done = new ArrayList<>();
        Map<String, Job> byId = new HashMap<>();
        for (Job j : wave) byId.put(j.id(), j);
        for (String line : lines) {
            JsonNode d = read(line);
            JobAttempt.Done x = new JobAttempt.Done(d.get("id").asText(), d.get("key").asText(), d.get("seconds").asDouble(),
                    d.get("published").asBoolean());
            done.add(x);
            w.progress().accept(String.format(Locale.ROOT, "%s done    %s (%.1f s, attempt %d)", w.label(byId.get(x.id())), x.id(),
                    x.seconds(), d.get("attempt").asInt() + 1));
        }
        return done;
    }

    /** A job and what its task needs to run it anywhere: its dependencies' keys, the code version, its place in the run. */
    static String ticket(Job j, Wave w) {
        ObjectNode t = ConfigJson.MAPPER.createObjectNode();
        t.set("job", ConfigJson.MAPPER.valueToTree(j));
        ObjectNode keys = t.putObject("dep_keys");
        for (Job.Dep d : j.deps()) keys.put(d.id(), w.keys().get(d.id()));
        t.put("code_version", w.codeVersion());
        t.put("label", w.label(j));
        return t.toString();
    }

    static JsonNode read(String json) {
        try {
            return ConfigJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
