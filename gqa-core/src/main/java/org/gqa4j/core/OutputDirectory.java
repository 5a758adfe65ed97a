package org.gqa4j.core;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** The checks every output directory passes before anything is computed or written. */
public final class OutputDirectory {

    private OutputDirectory() {}

    /**
     * An InputException unless {@code dir} can become a directory: it is missing (its parent
     * not a file) or a directory. A dangling symbolic link or an existing file is refused.
     */
    public static Path check(Path dir, String what) {
        if (Files.isSymbolicLink(dir) && !Files.exists(dir)) {
            throw InputException.in(dir, what + " is a dangling symbolic link; remove it or point it at a directory");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw InputException.in(dir, what + " exists and is not a directory");
        }
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)) {
                if (!Files.isDirectory(p)) throw InputException.in(dir, what + ": " + p + " is not a directory");
                break;
            }
        }
        return dir;
    }
}
