package org.gqa4j.cli;

import java.util.Iterator;
import org.gqa4j.core.InputException;
import org.gqa4j.core.data.Format;
import org.gqa4j.core.data.GapPolicy;
import picocli.CommandLine;

/** Small shared pieces of the commands: converters, checks, progress lines. */
final class Cli {

    private Cli() {}

    /** Progress and notes go to stderr so stdout stays for results (tables, JSON lines). */
    static void progress(String line) {
        System.err.println("gqa: " + line);
    }

    /** A usage error (exit 2) unless {@code value} is positive. */
    static void positive(String option, long value) {
        if (value <= 0) throw new InputException(option + " must be a positive integer, got " + value);
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.parse(value);
            } catch (InputException | IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class GapsConverter implements CommandLine.ITypeConverter<GapPolicy> {
        @Override
        public GapPolicy convert(String value) {
            try {
                return GapPolicy.parse(value);
            } catch (InputException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class FormatNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return java.util.Arrays.asList(Format.names().split("\\|")).iterator();
        }
    }
}
