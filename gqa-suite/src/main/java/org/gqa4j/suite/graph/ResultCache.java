package org.gqa4j.suite.graph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.gqa4j.core.checkpoint.CheckpointIO;

/**
 * The local store (the default {@link ResultStore}): results by job key under {@code ROOT/jobs/}: a job's result directory exists under its final
 * name only once complete. A job writes into a private temporary directory
 * ({@code .tmp-KEY-ATTEMPT}) and publishes it with one atomic rename, so a crash (even kill -9)
 * leaves at most a temporary directory, which the next run removes, and never a partial result.
 */
public final class ResultCache implements ResultStore {

    private final Path root, jobs;

    public ResultCache(Path root) {
        this.root = root;
        this.jobs = root.resolve("jobs");
        try {
            Files.createDirectories(jobs);
        } catch (IOException e) {
            throw new UncheckedIOException("creating " + jobs + ": " + e.getMessage(), e);
        }
    }

    /** The published result of a key (it may not exist yet). */
    public Path dir(String key) {
        return jobs.resolve(key);
    }

    @Override
    public String location(String key) {
        return dir(key).toString();
    }

    @Override
    public Path local(String key) {
        return dir(key);
    }

    @Override
    public boolean has(String key) {
        return Files.isDirectory(dir(key));
    }

    @Override
    public Path begin(String key, String attempt) {
        Path tmp = jobs.resolve(".tmp-" + key + "-" + attempt);
        try {
            if (Files.exists(tmp)) CheckpointIO.deleteTree(tmp);
            return Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("creating " + tmp + ": " + e.getMessage(), e);
        }
    }

    /**
     * Publishes a finished attempt under its key. If another attempt published first (a retried
     * task), that result stands and this one is discarded: results are pure functions of the key.
     */
    @Override
    public boolean publish(String key, Path tmp) {
        Path target = dir(key);
        try {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            discard(tmp);
        } catch (IOException e) {
            if (!has(key)) throw new UncheckedIOException("publishing " + target + ": " + e.getMessage(), e);
            discard(tmp);
        }
        return false;
    }

    @Override
    public String writeFile(String name, String content) {
        Path target = root.resolve(name);
        SuiteRun.write(target, content);
        return target.toAbsolutePath().toString();
    }

    /** Removes temporary directories left by attempts that never finished. */
    @Override
    public int clean() {
        int n = 0;
        try (Stream<Path> s = Files.list(jobs)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.getFileName().toString().startsWith(".tmp-")) {
                    CheckpointIO.deleteTree(p);
                    n++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cleaning " + jobs + ": " + e.getMessage(), e);
        }
        return n;
    }

    @Override
    public void discard(Path tmp) {
        try {
            if (Files.exists(tmp)) CheckpointIO.deleteTree(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
