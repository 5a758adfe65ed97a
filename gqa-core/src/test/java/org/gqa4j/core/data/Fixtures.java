package org.gqa4j.core.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.gqa4j.core.InputException;
import org.junit.jupiter.api.function.Executable;

/** Test fixtures under src/test/resources/data and helpers for bad-input assertions. */
final class Fixtures {

    private Fixtures() {
    }

    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/data/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path write(Path dir, String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts an InputException whose message contains every fragment; returns the message. */
    static String inputError(Executable call, String... fragments) {
        InputException e = assertThrows(InputException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message lacks '" + f + "': " + e.getMessage());
        }
        return e.getMessage();
    }

    /** Asserts the error is at a file and line: "{file}, line {line}: ...". */
    static String errorAt(Path file, long line, Executable call, String... fragments) {
        String m = inputError(call, fragments);
        assertTrue(m.startsWith(file + ", line " + line + ": "), () -> "expected " + file + ", line " + line + ": " + m);
        return m;
    }
}
