package org.gqa4j.suite.graph;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import org.gqa4j.core.config.ConfigJson;

/**
 * Runs a job graph on this machine, one job at a time in dependency order. A job whose key is
 * already published is skipped (cached); every other job runs into a temporary directory and is
 * published atomically, so an interrupted run resumes with exactly the missing jobs. One
 * progress line per job.
 */
public final class LocalRunner {

    /** @param run jobs computed here; @param cached jobs found published */
    public record Summary(int total, int run, int cached) {}

    private final ResultCache cache;
    private final Consumer<String> progress;

    public LocalRunner(ResultCache cache, Consumer<String> progress) {
        this.cache = cache;
        this.progress = progress;
    }

    public Summary run(JobGraph graph) {
        int cleaned = cache.clean();
        if (cleaned > 0) progress.accept("removed " + cleaned + " unfinished job director" + (cleaned == 1 ? "y" : "ies") + " of an interrupted run");
        int i = 0, ran = 0, cached = 0, n = graph.size();
        JobKinds.Results results = id -> cache.dir(graph.get(id).key());
        for (Job job : graph.jobs()) {
            i++;
            if (cache.has(job.key())) {
                cached++;
                progress.accept(String.format(Locale.ROOT, "[%d/%d] cached  %s", i, n, job.id()));
                continue;
            }
            progress.accept(String.format(Locale.ROOT, "[%d/%d] running %s", i, n, job.id()));
            long t0 = System.nanoTime();
            Path tmp = cache.begin(job.key(), ProcessHandle.current().pid() + "-" + t0);
            JobKinds.run(job, results, tmp, line -> progress.accept("      " + line));
            JobKinds.write(tmp.resolve("job.json"), ConfigJson.MAPPER.createObjectNode()
                    .put("id", job.id()).put("kind", job.kind()).put("key", job.key()).put("code_version", graph.codeVersion())
                    .put("seconds", (System.nanoTime() - t0) / 1e9).set("inputs", job.inputs()));
            cache.publish(job.key(), tmp);
            ran++;
            progress.accept(String.format(Locale.ROOT, "[%d/%d] done    %s (%.1f s)", i, n, job.id(), (System.nanoTime() - t0) / 1e9));
        }
        return new Summary(n, ran, cached);
    }
}
