package org.gqa4j.spark;

import org.apache.spark.TaskContext;

/**
 * Test-only fault injection, off unless a system property names a job: what a lost executor or
 * a flaky disk does to a task, at the worst moment (its result half uploaded).
 */
final class FaultHooks {

    /** Job id whose first attempt fails after uploading the first file of its result (Spark then retries it). */
    static final String FAIL_FIRST_ATTEMPT = "gqa.spark.test.fail-first-attempt";
    /** Job id whose attempt stops the whole JVM after uploading the first file of its result (like kill -9). */
    static final String HALT_WHILE_PUBLISHING = "gqa.spark.test.halt-while-publishing";

    private static final ThreadLocal<String> JOB = new ThreadLocal<>();

    private FaultHooks() {}

    static void running(String jobId) {
        if (jobId == null) JOB.remove();
        else JOB.set(jobId);
    }

    static void afterUploadingAFile() {
        String job = JOB.get();
        if (job == null) return;
        if (job.equals(System.getProperty(HALT_WHILE_PUBLISHING))) {
            System.err.println("fault injected: halting the JVM while publishing " + job);
            Runtime.getRuntime().halt(137);
        }
        TaskContext t = TaskContext.get();
        if (job.equals(System.getProperty(FAIL_FIRST_ATTEMPT)) && t != null && t.attemptNumber() == 0) {
            throw new IllegalStateException("fault injected: the first attempt at " + job + " fails while publishing");
        }
    }
}
