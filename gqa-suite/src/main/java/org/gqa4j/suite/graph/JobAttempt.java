package org.gqa4j.suite.graph;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.gqa4j.core.config.ConfigJson;

/**
 * One attempt at one job, the same on every runner: a fresh working directory, the job's kind
 * run on its dependencies' published results, its {@code job.json}, then one atomic publish. An
 * attempt that fails removes its working directory; one that is killed leaves it under a
 * temporary name, which {@link ResultStore#clean} removes later.
 */
public final class JobAttempt {

    /** @param published false when another attempt at the same key had published first (this one was discarded) */
    public record Done(String id, String key, double seconds, boolean published) {}

    private JobAttempt() {}

    /**
     * @param keys    the key of every dependency of the job, by job id
     * @param attempt what makes this attempt's working directory unique (process, task attempt)
     */
    public static Done run(Job job, Map<String, String> keys, String codeVersion, ResultStore store, String attempt,
                           Consumer<String> progress) {
        long t0 = System.nanoTime();
        Path tmp = store.begin(job.key(), attempt);
        try {
            JobKinds.run(job, id -> store.local(keyOf(keys, id)), tmp, progress);
            JobKinds.write(tmp.resolve("job.json"), ConfigJson.MAPPER.createObjectNode()
                    .put("id", job.id()).put("kind", job.kind()).put("key", job.key()).put("code_version", codeVersion)
                    .put("seconds", (System.nanoTime() - t0) / 1e9).set("inputs", job.inputs()));
        } catch (RuntimeException | Error e) {
            store.discard(tmp);
            throw e;
        }
        boolean published = store.publish(job.key(), tmp);
        return new Done(job.id(), job.key(), (System.nanoTime() - t0) / 1e9, published);
    }

    private static String keyOf(Map<String, String> keys, String id) {
        String k = keys.get(id);
        if (k == null) throw new IllegalStateException("no key for dependency " + id);
        return k;
    }
}
