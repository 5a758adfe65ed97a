package org.gqa4j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.suite.graph.ResultStore;

/**
 * A run's results on any Hadoop file system (a local path in tests, HDFS on a cluster), with
 * the local store's rule: a result is uploaded under a temporary name ({@code jobs/.tmp-KEY-ATTEMPT})
 * and renamed to {@code jobs/KEY} in one step that fails if the name exists (the rename that
 * HDFS makes atomic), so a killed task leaves no partial result under a final name and a retried
 * task never publishes twice. Jobs work in a local scratch directory; results they read are
 * fetched into it once per JVM (a local file system's are read in place).
 */
public final class HadoopResultStore implements ResultStore {

    private static final String TMP = ".tmp-";

    private final Path root, jobs;
    private final FileSystem fs;
    private final FileContext fc;
    private final boolean local;
    private final java.nio.file.Path scratch;

    /** @param rootUri the run directory: a path (local) or a URI such as hdfs://namenode/runs/study1 */
    public HadoopResultStore(String rootUri, Configuration conf, java.nio.file.Path scratch) {
        Configuration c = new Configuration(conf);
        // no .crc side files in result directories on a local disk
        c.setIfUnset("fs.file.impl", org.apache.hadoop.fs.RawLocalFileSystem.class.getName());
        c.setIfUnset("fs.AbstractFileSystem.file.impl", org.apache.hadoop.fs.local.RawLocalFs.class.getName());
        c.setBoolean("fs.file.impl.disable.cache", true);
        try {
            Path given = new Path(rootUri);
            this.fs = given.getFileSystem(c);
            this.root = fs.makeQualified(given);
            this.jobs = new Path(root, "jobs");
            this.fc = FileContext.getFileContext(root.toUri(), c);
            this.local = "file".equals(root.toUri().getScheme());
            fs.mkdirs(jobs);
            this.scratch = Files.createDirectories(scratch);
        } catch (IOException e) {
            throw new UncheckedIOException("opening the run directory " + rootUri + ": " + e.getMessage(), e);
        }
    }

    /** The root as a user names it (a local path stays a path). */
    public String root() {
        return name(root);
    }

    @Override
    public String location(String key) {
        return name(new Path(jobs, key));
    }

    @Override
    public boolean has(String key) {
        try {
            return fs.getFileStatus(new Path(jobs, key)).isDirectory();
        } catch (java.io.FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("looking up " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public java.nio.file.Path local(String key) {
        Path published = new Path(jobs, key);
        if (local) return java.nio.file.Path.of(published.toUri());
        java.nio.file.Path at = scratch.resolve("fetched").resolve(key);
        if (Files.isDirectory(at)) return at;
        java.nio.file.Path tmp = scratch.resolve("fetched").resolve(TMP + key + "-" + UUID.randomUUID());
        try {
            download(published, tmp);
            try {
                Files.move(tmp, at, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                CheckpointIO.deleteTree(tmp); // another task of this JVM fetched it first
            }
            return at;
        } catch (IOException e) {
            throw new UncheckedIOException("fetching " + published + ": " + e.getMessage(), e);
        }
    }

    @Override
    public java.nio.file.Path begin(String key, String attempt) {
        java.nio.file.Path dir = scratch.resolve("attempts").resolve(TMP + key + "-" + attempt);
        try {
            if (Files.exists(dir)) CheckpointIO.deleteTree(dir);
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("creating " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean publish(String key, java.nio.file.Path attempt) {
        Path target = new Path(jobs, key);
        Path tmp = new Path(jobs, TMP + key + "-" + attempt.getFileName().toString().substring(TMP.length() + key.length() + 1));
        try {
            if (has(key)) return false;
            fs.delete(tmp, true);
            try {
                upload(attempt, tmp);
            } catch (IOException | RuntimeException e) {
                fs.delete(tmp, true); // a failed upload leaves nothing behind (a killed one leaves .tmp-, which clean() removes)
                throw e;
            }
            try {
                fc.rename(tmp, target, Options.Rename.NONE);
                return true;
            } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
                fs.delete(tmp, true); // an earlier attempt at this key published first: its result stands
                return false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("publishing " + target + ": " + e.getMessage(), e);
        } finally {
            discard(attempt);
        }
    }

    @Override
    public void discard(java.nio.file.Path attempt) {
        try {
            if (Files.exists(attempt)) CheckpointIO.deleteTree(attempt);
        } catch (IOException e) {
            throw new UncheckedIOException("removing " + attempt + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int clean() {
        int n = 0;
        try {
            for (FileStatus s : fs.listStatus(jobs)) {
                if (s.getPath().getName().startsWith(TMP)) {
                    fs.delete(s.getPath(), true);
                    n++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cleaning " + jobs + ": " + e.getMessage(), e);
        }
        return n;
    }

    @Override
    public String writeFile(String name, String content) {
        Path target = new Path(root, name), tmp = new Path(root, "." + name + "-" + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream o = fs.create(tmp, false)) {
                o.write(content.getBytes(StandardCharsets.UTF_8));
            }
            fc.rename(tmp, target, Options.Rename.OVERWRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target + ": " + e.getMessage(), e);
        }
        return name(target);
    }

    /** Copies a local attempt directory to the file system, file by file (the fault hook may stop the JVM in the middle). */
    private void upload(java.nio.file.Path from, Path to) throws IOException {
        fs.mkdirs(to);
        try (Stream<java.nio.file.Path> s = Files.list(from)) {
            for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) s.sorted()::iterator) {
                Path dst = new Path(to, p.getFileName().toString());
                if (Files.isDirectory(p)) {
                    upload(p, dst);
                } else {
                    try (InputStream in = Files.newInputStream(p); OutputStream out = fs.create(dst, false)) {
                        in.transferTo(out);
                    }
                    FaultHooks.afterUploadingAFile();
                }
            }
        }
    }

    private void download(Path from, java.nio.file.Path to) throws IOException {
        Files.createDirectories(to);
        for (FileStatus s : fs.listStatus(from)) {
            java.nio.file.Path dst = to.resolve(s.getPath().getName());
            if (s.isDirectory()) {
                download(s.getPath(), dst);
            } else {
                try (InputStream in = fs.open(s.getPath())) {
                    Files.copy(in, dst);
                }
            }
        }
    }

    private String name(Path p) {
        URI u = p.toUri();
        return local ? java.nio.file.Path.of(u).toString() : p.toString();
    }
}
