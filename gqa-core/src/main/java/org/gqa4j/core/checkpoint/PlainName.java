package org.gqa4j.core.checkpoint;

import java.nio.file.Path;
import org.gqa4j.core.Excerpt;
import org.gqa4j.core.InputException;

/**
 * The one check for a file name read from a manifest or an index (or about to be written into
 * one): a plain name of a file inside the directory, so no reader or writer ever resolves a
 * name to a path outside it. No separators, no {@code .}/{@code ..} or hidden names, not
 * absolute, no control characters, at most {@value #MAX_LENGTH} characters.
 */
public final class PlainName {

    public static final int MAX_LENGTH = 128;

    private PlainName() {}

    /** {@code name} if it is a plain file name, else an InputException naming {@code source} and {@code line}. */
    public static String check(Path source, long line, String name) {
        String why = problem(name);
        if (why != null) {
            throw InputException.at(source, line, "file name " + Excerpt.of(name) + " " + why
                    + "; expected a plain file name inside " + source.getParent());
        }
        return name;
    }

    /** {@code dir.resolve(name)} for a checked plain name; the result is always a direct child of {@code dir}. */
    public static Path resolve(Path dir, String name) {
        String why = problem(name);
        if (why != null) throw new IllegalArgumentException("file name " + Excerpt.of(name) + " " + why);
        return dir.resolve(name);
    }

    static String problem(String name) {
        if (name == null || name.isEmpty()) return "is empty";
        if (name.length() > MAX_LENGTH) return "is longer than " + MAX_LENGTH + " characters";
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) return "contains a path separator";
        if (name.startsWith(".")) return "starts with '.' (a hidden, '.' or '..' name)";
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == ':') return "contains a control character or ':'";
        }
        if (Path.of(name).isAbsolute() || Path.of(name).getNameCount() != 1) return "is not a single name";
        return null;
    }
}
