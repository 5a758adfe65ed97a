package org.gqa4j.core.checkpoint.layout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.gqa4j.core.InputException;
import org.gqa4j.core.checkpoint.CheckpointIO;

/** An output directory that must be new (or empty), published whole by one rename. */
final class NewDirectory {

    private NewDirectory() {}

    static void requireNew(Path out, String option) {
        Path o = out.toAbsolutePath().normalize();
        if (!Files.exists(o)) return;
        if (!Files.isDirectory(o)) throw InputException.in(out, "exists and is not a directory; choose another " + option);
        try (Stream<Path> s = Files.list(o)) {
            if (s.findAny().isPresent()) throw InputException.in(out, "exists and is not empty; refusing to overwrite it (choose another " + option + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A temporary sibling of {@code out} to fill before {@link #publish}. */
    static Path temporary(Path out) throws IOException {
        Path o = out.toAbsolutePath().normalize();
        Files.createDirectories(o.getParent());
        return Files.createDirectory(o.resolveSibling("." + o.getFileName() + ".tmp-" + System.nanoTime()));
    }

    /** Renames the filled temporary directory to {@code out} (an empty {@code out} is replaced). */
    static void publish(Path tmp, Path out) throws IOException {
        Path o = out.toAbsolutePath().normalize();
        if (Files.isDirectory(o)) Files.delete(o); // empty: checked by requireNew
        Files.move(tmp, o, StandardCopyOption.ATOMIC_MOVE);
    }

    static void discard(Path tmp) {
        try {
            CheckpointIO.deleteTree(tmp);
        } catch (IOException ignored) {
            // the original failure is the one to report
        }
    }
}
