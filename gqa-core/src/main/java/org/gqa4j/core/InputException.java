package org.gqa4j.core;

import java.nio.file.Path;

/**
 * Bad input from the user: a malformed file, an invalid configuration, a corrupt checkpoint.
 * The command line turns it into exit code 2 with its message, which always says what was
 * found and what was expected (and where: file, line, field).
 */
public class InputException extends RuntimeException {

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An error at one line of one file: "{file}, line {line}: {what}". */
    public static InputException at(Path file, long line, String what) {
        return new InputException(file + ", line " + line + ": " + what);
    }

    /** An error in one file as a whole: "{file}: {what}". */
    public static InputException in(Path file, String what) {
        return new InputException(file + ": " + what);
    }
}
