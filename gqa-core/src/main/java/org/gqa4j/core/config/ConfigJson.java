package org.gqa4j.core.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.gqa4j.core.Excerpt;
import org.gqa4j.core.InputException;

/** The one JSON mapper of the project, and user-facing error messages for JSON input. */
public final class ConfigJson {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The largest JSON file read (configurations, recipes, checkpoint metadata): bounds the parsing work. */
    public static final long MAX_BYTES = 64L << 20;

    private ConfigJson() {}

    /** Reads a JSON file into {@code type}; any problem is an {@link InputException} naming file and field. */
    public static <T> T read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) throw InputException.in(file, "file not found");
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) throw InputException.in(file, size + " bytes; a JSON file read here is at most " + MAX_BYTES + " bytes");
            return MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw explain(file, e);
        }
    }

    public static <T> T parse(String label, String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw explain(Path.of(label), e);
        }
    }

    public static void write(Path file, Object value) throws IOException {
        MAPPER.writeValue(file.toFile(), value);
    }

    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputException explain(Path file, IOException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            return InputException.in(file, "unknown field " + Excerpt.of(u.getPropertyName()) + "; expected one of: " + known);
        }
        if (e instanceof ValueInstantiationException v && v.getCause() instanceof InputException cause) {
            return InputException.in(file, cause.getMessage());
        }
        if (e instanceof MismatchedInputException m) {
            String path = m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String where = m.getLocation() == null ? "" : " (line " + m.getLocation().getLineNr() + ")";
            return InputException.in(file, "field " + Excerpt.of(path, 80) + where + ": " + firstLine(m.getOriginalMessage()));
        }
        String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                ? ", line " + j.getLocation().getLineNr() : "";
        return new InputException(file + where + ": not valid JSON: " + firstLine(e.getMessage()), e);
    }

    /** The parser's own message, first line only, bounded and escaped (it may quote the input). */
    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        String quoted = Excerpt.of(line, 200);
        return quoted.substring(1, quoted.lastIndexOf('\''));
    }
}
