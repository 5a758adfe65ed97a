package org.gqa4j.core.checkpoint.layout;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.gqa4j.core.InputException;

/** Typed, checked reads of a config.json's fields; every error names the file and the key. */
final class ConfigFields {

    private final String label;
    private final JsonNode node;

    ConfigFields(String label, JsonNode node) {
        if (node == null || !node.isObject()) throw new InputException(label + ": must be a JSON object");
        this.label = label;
        this.node = node;
    }

    boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    InputException error(String key, String what) {
        return new InputException(label + ": " + key + " " + what);
    }

    /** Rejects keys outside {@code known}, naming them and the known ones. */
    void rejectUnknown(Set<String> known) {
        TreeSet<String> unknown = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) unknown.add(k);
        }
        if (!unknown.isEmpty()) {
            throw new InputException(label + ": unknown keys " + unknown + "; this layout reads " + new TreeSet<>(known));
        }
    }

    int positiveInt(String key) {
        if (!has(key)) throw error(key, "is required");
        JsonNode v = node.get(key);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() <= 0) throw error(key, "must be a positive integer, got " + v);
        return v.asInt();
    }

    int positiveInt(String key, int fallback) {
        return has(key) ? positiveInt(key) : fallback;
    }

    double number(String key) {
        if (!has(key)) throw error(key, "is required");
        JsonNode v = node.get(key);
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) throw error(key, "must be a finite number, got " + v);
        return v.asDouble();
    }

    double number(String key, double fallback) {
        return has(key) ? number(key) : fallback;
    }

    boolean bool(String key, boolean fallback) {
        if (!has(key)) return fallback;
        JsonNode v = node.get(key);
        if (!v.isBoolean()) throw error(key, "must be true or false, got " + v);
        return v.asBoolean();
    }

    String string(String key, String fallback) {
        if (!has(key)) return fallback;
        JsonNode v = node.get(key);
        if (!v.isTextual()) throw error(key, "must be a string, got " + v);
        return v.asText();
    }

    List<String> strings(String key) {
        if (!has(key)) return null;
        JsonNode v = node.get(key);
        List<String> out = new ArrayList<>();
        if (!v.isArray()) throw error(key, "must be a list of strings, got " + v);
        for (JsonNode e : v) {
            if (!e.isTextual()) throw error(key, "must be a list of strings, got " + v);
            out.add(e.asText());
        }
        return out;
    }

    /** The first of the keys present (a canonical name and its legacy alias), or null. */
    String firstPresent(String... keys) {
        for (String k : keys) if (has(k)) return k;
        return null;
    }

    /** A setting gqa4j supports only in one form (e.g. hidden_act silu): anything else is an error. */
    void require(String key, Object expected, Object actual, String why) {
        if (has(key) && !expected.equals(actual)) throw error(key, "is " + node.get(key) + "; only " + expected + " is supported (" + why + ")");
    }
}
