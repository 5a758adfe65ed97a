package org.gqa4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.nio.file.LinkOption;
import org.gqa4j.core.InputException;
import org.gqa4j.core.IoErrors;
import org.gqa4j.core.OutputDirectory;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;

/**
 * The files of a training run. The run directory OUT is itself the trained model, so every
 * command that takes a checkpoint takes OUT:
 * <pre>
 * OUT/                      the model: a complete checkpoint (best weights by validation loss),
 *                           republished at every new best and at the end of each session
 * OUT/train-log.jsonl       one JSON object per logged update or evaluation
 * OUT/.train/last/          resumable checkpoint: weights, optimizer moments and best-so-far weights
 *                           (optimizer.*), trainer_state.json; written every checkpoint_every updates
 * OUT/.train/best/          the best model as a checkpoint (what OUT's files are copied from)
 * </pre>
 * Checkpoints under {@code .train} are written atomically by {@link CheckpointIO}. Publishing
 * copies the best checkpoint's files into OUT with {@code format.json} removed first and put
 * back last, so OUT reads as a checkpoint only when all of its files are in place; a checkpoint
 * reader ignores the extra log and {@code .train}.
 *
 * <p>Crash safety: one process at a time holds the directory ({@link RunLock}); taking the lock
 * repairs what a kill can leave (a checkpoint caught between its two renames is put back, and
 * temporary files and directories are removed), and a directory left by a kill before the first
 * checkpoint is accepted by a fresh start. Every name read from a manifest is checked by
 * {@link CheckpointIO#manifest} to be a plain file name inside the directory.
 */
final class RunDirectory {

    static final String TRAIN_DIR = ".train";
    static final String LOG_FILE = "train-log.jsonl";
    private static final String FORMAT_FILE = "format.json";
    private static final String CHECKSUMS_FILE = "checksums.sha256";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path out;

    RunDirectory(Path out) {
        this.out = out.toAbsolutePath().normalize();
    }

    Path root() { return out; }

    Path last() { return out.resolve(TRAIN_DIR).resolve("last"); }

    Path best() { return out.resolve(TRAIN_DIR).resolve("best"); }

    Path log() { return out.resolve(LOG_FILE); }

    static boolean holdsRun(Path dir) {
        return Files.isDirectory(dir.resolve(TRAIN_DIR).resolve("last"));
    }

    /**
     * Creates OUT if needed and takes its lock, then repairs what a killed process may have left
     * (see the class comment). Close the lock when the session ends.
     */
    RunLock lock() {
        OutputDirectory.check(out, "--out");
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(IoErrors.named(out, e));
        }
        RunLock lock = RunLock.acquire(out);
        try {
            CheckpointIO.recover(last());
            CheckpointIO.recover(best());
            try (Stream<Path> s = Files.list(out)) {
                for (Path p : s.toList()) {
                    if (isTemporary(p.getFileName().toString()) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            lock.close();
            if (e instanceof RuntimeException r) throw r;
            throw new UncheckedIOException(IoErrors.named(out, (IOException) e));
        }
        return lock;
    }

    /** A temporary file of publishing or of the log rewrite: ".NAME.tmp-N" or ".train-log.jsonl.tmp". */
    private static boolean isTemporary(String name) {
        return name.startsWith(".") && (name.contains(".tmp-") || name.equals("." + LOG_FILE + ".tmp"));
    }

    /**
     * A new run may start only in a missing or empty directory, or in one that a killed start
     * left before its first checkpoint (only the lock, an empty log and {@code .train} without a
     * checkpoint): that one is cleared. Call with the lock held.
     */
    void checkFresh() {
        if (!Files.exists(out)) return;
        if (!Files.isDirectory(out)) throw InputException.in(out, "exists and is not a directory");
        if (holdsRun(out)) {
            throw InputException.in(out, "already holds a training run; continue it with --resume, or choose another --out");
        }
        try (Stream<Path> s = Files.list(out)) {
            List<Path> entries = s.filter(p -> !p.getFileName().toString().equals(RunLock.FILE)).toList();
            boolean leftOfKilledStart = !entries.isEmpty() && entries.stream().allMatch(p -> {
                String n = p.getFileName().toString();
                return n.equals(TRAIN_DIR) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                        || n.equals(LOG_FILE) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && sizeOf(p) == 0;
            });
            if (leftOfKilledStart) {
                for (Path p : entries) CheckpointIO.deleteTree(p);
            } else if (!entries.isEmpty()) {
                throw InputException.in(out, "exists and is not empty; refusing to overwrite it (choose another --out)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(IoErrors.named(out, e));
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * OUT's published manifest, if any, must name plain files inside OUT: publishing deletes the
     * files it lists, so a tampered manifest is refused before the session starts.
     */
    void checkPublished() {
        if (Files.isRegularFile(out.resolve(CHECKSUMS_FILE))) CheckpointIO.manifest(out);
    }

    void writeLast(Checkpoint ck) throws IOException {
        CheckpointIO.write(last(), ck);
    }

    /** Writes the best model under .train and republishes it as OUT's own files. */
    void writeBest(Checkpoint ck) throws IOException {
        CheckpointIO.write(best(), ck);
        publish();
    }

    /** Copies .train/best's files into OUT: format.json out first, in last, each file via a temporary name. */
    void publish() throws IOException {
        Path src = best();
        List<String> files = manifest(src);
        List<String> previous = Files.isRegularFile(out.resolve(CHECKSUMS_FILE)) ? manifest(out) : List.of();
        Path format = out.resolve(FORMAT_FILE);
        Files.deleteIfExists(format);
        {
            for (String old : previous) {
                Path p = out.resolve(old);
                if (!files.contains(old) && !old.equals(LOG_FILE) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(p);
                }
            }
        }
        for (String f : files) {
            if (!f.equals(FORMAT_FILE)) copyAtomically(src.resolve(f), out.resolve(f));
        }
        copyAtomically(src.resolve(FORMAT_FILE), format);
    }

    /** The files a checkpoint's manifest lists (each a checked plain name), plus the manifest itself. */
    private static List<String> manifest(Path ck) {
        Set<String> names = new LinkedHashSet<>(CheckpointIO.manifest(ck));
        names.add(CHECKSUMS_FILE);
        names.add(FORMAT_FILE);
        return new ArrayList<>(names);
    }

    private static void copyAtomically(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling("." + to.getFileName() + ".tmp-" + System.nanoTime());
        try {
            Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw IoErrors.named(to, e);
        }
    }

    /** Opens the log for appending, first dropping lines past {@code step} (a resumed run rewrites them). */
    BufferedWriter openLog(long step) throws IOException {
        try {
            return new NamedWriter(openLogUnnamed(step), log());
        } catch (IOException e) {
            throw IoErrors.named(log(), e);
        }
    }

    /** A log writer whose I/O errors (disk full...) name the log file. */
    private static final class NamedWriter extends BufferedWriter {
        private final Path file;

        NamedWriter(java.io.Writer w, Path file) {
            super(w);
            this.file = file;
        }

        @Override public void write(int c) throws IOException {
            try { super.write(c); } catch (IOException e) { throw IoErrors.named(file, e); }
        }

        @Override public void write(char[] b, int off, int len) throws IOException {
            try { super.write(b, off, len); } catch (IOException e) { throw IoErrors.named(file, e); }
        }

        @Override public void write(String s, int off, int len) throws IOException {
            try { super.write(s, off, len); } catch (IOException e) { throw IoErrors.named(file, e); }
        }

        @Override public void flush() throws IOException {
            try { super.flush(); } catch (IOException e) { throw IoErrors.named(file, e); }
        }

        @Override public void close() throws IOException {
            try { super.close(); } catch (IOException e) { throw IoErrors.named(file, e); }
        }
    }

    private BufferedWriter openLogUnnamed(long step) throws IOException {
        Path log = log();
        if (Files.exists(log)) {
            List<String> keep = new ArrayList<>();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                try {
                    JsonNode n = JSON.readTree(line);
                    if (n.path("step").asLong(Long.MAX_VALUE) <= step) keep.add(line);
                } catch (IOException e) {
                    // a line cut short by a crash: drop it
                }
            }
            Path tmp = log.resolveSibling("." + LOG_FILE + ".tmp");
            Files.write(tmp, keep, StandardCharsets.UTF_8);
            Files.move(tmp, log, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(out);
        return Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static String jsonLine(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
