package org.gqa4j.suite.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a wave's jobs on this machine, one at a time in this JVM, each job using every core
 * (the trainer's own threads). One progress line as a job starts and one as it ends.
 */
public final class LocalRunner implements JobExecutor {

    @Override
    public List<JobAttempt.Done> run(List<Job> wave, Wave w) {
        List<JobAttempt.Done> out = new ArrayList<>();
        for (Job job : wave) {
            w.progress().accept(w.label(job) + " running " + job.id());
            JobAttempt.Done d = JobAttempt.run(job, w.keys(), w.codeVersion(), w.store(), ProcessHandle.current().pid() + "-" + System.nanoTime(),
                    line -> w.progress().accept("      " + line));
            out.add(d);
            w.progress().accept(String.format(Locale.ROOT, "%s done    %s (%.1f s)", w.label(job), job.id(), d.seconds()));
        }
        return out;
    }
}
