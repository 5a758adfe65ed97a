package org.gqa4j.suite.graph;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one wave of a job graph: jobs none of which depends on another, whose dependencies are
 * all published. {@link LocalRunner} runs them one after another in this JVM; a cluster runner
 * (gqa-spark) runs them side by side, one task each.
 */
public interface JobExecutor {

    /** Runs every job of the wave through {@link JobAttempt} and returns when each is published; throws if one fails for good. */
    List<JobAttempt.Done> run(List<Job> wave, Wave context);

    /**
     * What a wave's jobs need besides themselves.
     *
     * @param keys     every job's key, by id (dependencies are looked up here)
     * @param number   every job's place in the run, by id, for the progress lines "[i/n]"
     * @param total    the number of jobs in the run
     */
    record Wave(int index, Map<String, String> keys, Map<String, Integer> number, int total, String codeVersion, ResultStore store,
                Consumer<String> progress) {

        /** "[i/n]" for a job. */
        public String label(Job job) {
            return "[" + number.get(job.id()) + "/" + total + "]";
        }
    }
}
