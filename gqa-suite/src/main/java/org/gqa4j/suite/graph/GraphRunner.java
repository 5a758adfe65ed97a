package org.gqa4j.suite.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a job graph wave by wave on any {@link JobExecutor}: a job whose key is already published
 * is skipped (cached); the others of a wave go to the executor together. Leftovers of an
 * interrupted run are removed first, so a re-run computes exactly the missing jobs.
 */
public final class GraphRunner {

    /** @param run jobs computed here; @param cached jobs found published */
    public record Summary(int total, int run, int cached) {}

    private final ResultStore store;
    private final JobExecutor executor;
    private final Consumer<String> progress;

    public GraphRunner(ResultStore store, JobExecutor executor, Consumer<String> progress) {
        this.store = store;
        this.executor = executor;
        this.progress = progress;
    }

    public Summary run(JobGraph graph) {
        int cleaned = store.clean();
        if (cleaned > 0) progress.accept("removed " + cleaned + " unfinished job director" + (cleaned == 1 ? "y" : "ies") + " of an interrupted run");
        Map<String, String> keys = new HashMap<>();
        for (Job j : graph.jobs()) keys.put(j.id(), j.key());
        List<List<Job>> waves = graph.waves();
        Map<String, Integer> number = new LinkedHashMap<>();
        for (List<Job> w : waves) for (Job j : w) number.put(j.id(), number.size() + 1);
        int n = graph.size(), ran = 0, cached = 0;
        for (int w = 0; w < waves.size(); w++) {
            List<Job> todo = new ArrayList<>();
            for (Job job : waves.get(w)) {
                if (store.has(job.key())) {
                    cached++;
                    progress.accept(String.format(Locale.ROOT, "[%d/%d] cached  %s", number.get(job.id()), n, job.id()));
                } else {
                    todo.add(job);
                }
            }
            if (todo.isEmpty()) continue;
            List<JobAttempt.Done> done = executor.run(todo, new JobExecutor.Wave(w, keys, number, n, graph.codeVersion(), store, progress));
            if (done.size() != todo.size()) throw new IllegalStateException("wave " + w + ": " + todo.size() + " jobs, " + done.size() + " results");
            for (Job job : todo) {
                if (!store.has(job.key())) throw new IllegalStateException(job.id() + " finished but its result is not published");
            }
            ran += todo.size();
        }
        return new Summary(n, ran, cached);
    }
}
