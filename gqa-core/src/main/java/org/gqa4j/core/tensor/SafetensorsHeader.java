package org.gqa4j.core.tensor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gqa4j.core.InputException;

/**
 * The validated header of a safetensors file, checked as the reference implementation
 * (huggingface/safetensors) checks it: a header length of at most {@value #MAX_HEADER} bytes
 * inside the file; a UTF-8 JSON object (a repeated name is an error); {@code __metadata__}
 * mapping strings to strings; every other entry exactly {dtype, shape, data_offsets}; the
 * offsets, walked in order, tile the data section from its first byte to its last with no gap
 * or overlap, each span holding exactly product(shape) x dtype size bytes (overflow-checked).
 */
public record SafetensorsHeader(Map<String, String> metadata, Map<String, TensorEntry> tensors, long dataStart) {

    /** The reference implementation's bound on the header length. */
    public static final long MAX_HEADER = 100_000_000L;
    public static final String METADATA = "__metadata__";
    private static final Set<String> ENTRY_KEYS = Set.of("dtype", "shape", "data_offsets");
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** Checks the header length read from the first 8 bytes against the file before reading it. */
    static void checkLength(Path file, long headerLength, long fileSize) {
        if (headerLength < 0 || headerLength > MAX_HEADER) {
            throw InputException.in(file, "header length " + Long.toUnsignedString(headerLength) + " exceeds the limit of "
                    + MAX_HEADER + " bytes (not a safetensors file, or damaged)");
        }
        if (8 + headerLength > fileSize) {
            throw InputException.in(file, "header length " + headerLength + " does not fit in the " + fileSize
                    + "-byte file (truncated?)");
        }
    }

    /** Parses and validates {@code header}, the bytes after the length; the data section is the rest of the file. */
    static SafetensorsHeader parse(Path file, byte[] header, long fileSize) {
        long dataLength = fileSize - 8 - header.length;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(header)).toString();
        } catch (CharacterCodingException e) {
            throw InputException.in(file, "header is not valid UTF-8");
        }
        if (!text.startsWith("{")) {
            throw InputException.in(file, "header does not start with '{' (not a safetensors file, or damaged)");
        }
        JsonNode root;
        try (JsonParser p = STRICT.createParser(text)) {
            root = STRICT.readTree(p);
            if (p.nextToken() != null) throw InputException.in(file, "header has text after its JSON object");
        } catch (JsonProcessingException e) {
            throw InputException.in(file, "header is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw InputException.in(file, "header cannot be parsed: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw InputException.in(file, "header is not a JSON object");

        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorEntry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals(METADATA)) {
                metadata = metadata(file, f.getValue());
            } else {
                entries.add(entry(file, f.getKey(), f.getValue()));
            }
        }
        List<TensorEntry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long cursor = 0;
        for (TensorEntry e : byOffset) {
            String where = "tensor '" + e.name() + "' data_offsets [" + e.begin() + ", " + e.end() + "]";
            if (e.end() < e.begin()) throw InputException.in(file, where + " end before they begin");
            if (e.end() > dataLength) {
                throw InputException.in(file, where + " run past the " + dataLength + "-byte data section (file truncated?)");
            }
            if (e.begin() < cursor) throw InputException.in(file, where + " overlap the previous tensor, which ends at " + cursor);
            if (e.begin() > cursor) {
                throw InputException.in(file, where + " leave a gap of " + (e.begin() - cursor) + " bytes after offset " + cursor);
            }
            long bytes = byteSize(file, e);
            if (e.end() - e.begin() != bytes) {
                throw InputException.in(file, where + " hold " + (e.end() - e.begin()) + " bytes; " + e.dtype() + " "
                        + e.shapeText() + " needs " + bytes);
            }
            cursor = e.end();
        }
        if (cursor != dataLength) {
            throw InputException.in(file, (dataLength - cursor) + " bytes after the last tensor (offset " + cursor
                    + ") are not covered by the header");
        }
        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        for (TensorEntry e : entries) tensors.put(e.name(), e);
        return new SafetensorsHeader(Collections.unmodifiableMap(metadata), Collections.unmodifiableMap(tensors),
                8L + header.length);
    }

    private static Map<String, String> metadata(Path file, JsonNode node) {
        if (!node.isObject()) throw InputException.in(file, METADATA + " must be a JSON object of strings, got " + node);
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isTextual()) {
                throw InputException.in(file, METADATA + " must map strings to strings; '" + f.getKey() + "' is " + f.getValue());
            }
            out.put(f.getKey(), f.getValue().asText());
        }
        return out;
    }

    private static TensorEntry entry(Path file, String name, JsonNode info) {
        String where = "tensor '" + name + "'";
        if (!info.isObject()) throw InputException.in(file, where + ": entry must be an object, got " + info);
        Set<String> keys = new java.util.TreeSet<>();
        info.fieldNames().forEachRemaining(keys::add);
        if (!keys.equals(ENTRY_KEYS)) {
            throw InputException.in(file, where + ": entry must have exactly the keys data_offsets, dtype, shape; has " + keys);
        }
        JsonNode dt = info.get("dtype");
        DType dtype = dt.isTextual() ? DType.byName(dt.asText()) : null;
        if (dtype == null) throw InputException.in(file, where + ": unknown dtype " + dt + "; expected one of " + DType.names());
        long[] shape = naturals(file, where + ": shape", info.get("shape"), -1);
        long[] offsets = naturals(file, where + ": data_offsets", info.get("data_offsets"), 2);
        return new TensorEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] naturals(Path file, String what, JsonNode node, int length) {
        if (!node.isArray() || (length >= 0 && node.size() != length)) {
            throw InputException.in(file, what + " must be an array of " + (length >= 0 ? length + " " : "")
                    + "non-negative integers, got " + node);
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                throw InputException.in(file, what + " must hold non-negative integers below 2^63, got " + v);
            }
            out[i] = v.asLong();
        }
        return out;
    }

    private static long byteSize(Path file, TensorEntry e) {
        try {
            long n = e.dtype().size();
            for (long d : e.shape()) n = Math.multiplyExact(n, d);
            return n;
        } catch (ArithmeticException overflow) {
            throw InputException.in(file, "tensor '" + e.name() + "': shape " + e.shapeText() + " of " + e.dtype()
                    + " overflows a 64-bit byte count");
        }
    }
}
