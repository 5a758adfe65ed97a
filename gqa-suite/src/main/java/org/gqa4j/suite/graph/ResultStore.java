package org.gqa4j.suite.graph;

import java.nio.file.Path;

/**
 * Where a run's job results live and how one is published: a result exists under its final
 * name only once complete (written under a temporary name, then renamed in one step), so a
 * crash or a killed task never leaves a partial result, and a second attempt at a key that is
 * already published is discarded (results are pure functions of their key). The local file
 * system by default ({@link ResultCache}); a cluster runner brings its own (HDFS, ...). Jobs
 * themselves always read and write local directories: the store fetches and publishes.
 */
public interface ResultStore {

    /** The published result of a key as a user names it: a local path, or a URI on a cluster file system. */
    String location(String key);

    boolean has(String key);

    /** A local directory holding the published result of a key, fetched first where the store is remote. */
    Path local(String key);

    /** A fresh, empty local working directory for one attempt at a key. */
    Path begin(String key, String attempt);

    /** Publishes a finished attempt under its key: true if it is the result now, false if another attempt published first. */
    boolean publish(String key, Path attempt);

    /** Removes the working directory of an attempt that failed. */
    void discard(Path attempt);

    /** Removes what attempts that never finished left behind (they are never read); returns how many. */
    int clean();

    /** Writes a run-level file (results.json, index.html) next to the results, atomically; returns its location. */
    String writeFile(String name, String content);
}
