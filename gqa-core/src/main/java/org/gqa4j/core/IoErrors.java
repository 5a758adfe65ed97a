package org.gqa4j.core;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * I/O failures that name the file: a disk-full or permission error while writing says which
 * file it was writing, instead of a bare "No space left on device".
 */
public final class IoErrors {

    private IoErrors() {}

    /** {@code e} itself if it already names a file, else an IOException "{file}: {reason}" caused by it. */
    public static IOException named(Path file, IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) return e;
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new IOException(file + ": " + why, e);
    }

    /** One line for the user: "{file}: {reason}" for file-system errors, the message otherwise. */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String kind = switch (e.getClass().getSimpleName()) {
                case "AccessDeniedException" -> "permission denied";
                case "NoSuchFileException" -> "no such file or directory";
                case "FileAlreadyExistsException" -> "already exists";
                case "DirectoryNotEmptyException" -> "directory not empty";
                case "NotDirectoryException" -> "not a directory";
                default -> f.getReason() == null ? e.getClass().getSimpleName() : f.getReason();
            };
            return f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + kind
                    + (f.getReason() != null && !kind.equals(f.getReason()) ? " (" + f.getReason() + ")" : "");
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
