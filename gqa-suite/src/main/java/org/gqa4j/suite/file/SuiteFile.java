package org.gqa4j.suite.file;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gqa4j.core.InputException;

/** Reads a suite file: YAML (.yaml, .yml) or JSON (.json); errors name the file and the field. */
public final class SuiteFile {

    private static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()));
    private static final ObjectMapper JSON = configure(new ObjectMapper());

    private SuiteFile() {}

    public static SuiteSpec read(Path file) {
        if (!Files.isRegularFile(file)) throw InputException.in(file, "no such suite file");
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw InputException.in(file, "cannot read: " + e.getMessage());
        }
    }

    /** @param name the file name (its extension picks JSON or YAML; messages quote it) */
    public static SuiteSpec parse(InputStream in, String name) {
        ObjectMapper m = name.endsWith(".json") ? JSON : YAML;
        try {
            return m.readValue(in, SuiteSpec.class);
        } catch (JsonMappingException e) {
            Throwable c = e.getCause();
            String where = e.getPathReference() == null ? "" : " at " + path(e);
            String what = c instanceof InputException ie ? ie.getMessage() : e.getOriginalMessage();
            throw new InputException(name + where + ": " + what, e);
        } catch (IOException e) {
            throw new InputException(name + ": not a valid suite file: " + e.getMessage(), e);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) s.append(s.length() == 0 ? "" : ".").append(r.getFieldName());
            else if (r.getIndex() >= 0) s.append('[').append(r.getIndex()).append(']');
        }
        if (e.getLocation() != null) s.append(" (line ").append(e.getLocation().getLineNr()).append(")");
        return s.toString();
    }

    private static ObjectMapper configure(ObjectMapper m) {
        return m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }
}
