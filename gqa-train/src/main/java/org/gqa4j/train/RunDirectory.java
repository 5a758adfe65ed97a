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
import org.gqa4j.core.InputException;
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

    /** A new run may start only in a missing or empty directory. */
    void checkFresh() {
        if (!Files.exists(out)) return;
        if (!Files.isDirectory(out)) throw InputException.in(out, "exists and is not a directory");
        if (holdsRun(out)) {
            throw InputException.in(out, "already holds a training run; continue it with --resume, or choose another --out");
        }
        try (Stream<Path> s = Files.list(out)) {
            if (s.findAny().isPresent()) {
                throw InputException.in(out, "exists and is not empty; refusing to overwrite it (choose another --out)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        Path format = out.resolve(FORMAT_FILE);
        Files.deleteIfExists(format);
        if (Files.isRegularFile(out.resolve(CHECKSUMS_FILE))) {
            for (String old : manifest(out)) {
                if (!files.contains(old)) Files.deleteIfExists(out.resolve(old));
            }
        }
        for (String f : files) {
            if (!f.equals(FORMAT_FILE)) copyAtomically(src.resolve(f), out.resolve(f));
        }
        copyAtomically(src.resolve(FORMAT_FILE), format);
    }

    /** The files a checkpoint's manifest lists, plus the manifest itself. */
    private static List<String> manifest(Path ck) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (String line : Files.readAllLines(ck.resolve(CHECKSUMS_FILE), StandardCharsets.UTF_8)) {
            int sep = line.indexOf("  ");
            if (sep > 0) names.add(line.substring(sep + 2).strip());
        }
        names.add(CHECKSUMS_FILE);
        names.add(FORMAT_FILE);
        return new ArrayList<>(names);
    }

    private static void copyAtomically(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling("." + to.getFileName() + ".tmp-" + System.nanoTime());
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Opens the log for appending, first dropping lines past {@code step} (a resumed run rewrites them). */
    BufferedWriter openLog(long step) throws IOException {
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
