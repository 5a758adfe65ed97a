package org.gqa4j.core.tensor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes float32 tensors as safetensors in the reference library's layout: the u64
 * little-endian header length, compact JSON with {@code __metadata__ {"format": "pt"}} first and
 * the tensors sorted by name, spaces padding the header to a multiple of 8, then the values
 * row-major little-endian in the same order. The file appears atomically (temporary sibling,
 * then a rename).
 */
public final class SafetensorsWriter {

    private static final ObjectMapper COMPACT = new ObjectMapper();

    private SafetensorsWriter() {}

    public static void writeF32(Path file, Map<String, FloatTensor> tensors) throws IOException {
        Map<String, FloatTensor> sorted = new TreeMap<>(tensors);
        byte[] header = header(sorted);
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + System.nanoTime());
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                buf.putLong(header.length);
                out.write(buf.array(), 0, 8);
                buf.clear();
                out.write(header);
                for (FloatTensor t : sorted.values()) {
                    for (float f : t.data()) {
                        if (!buf.hasRemaining()) {
                            out.write(buf.array(), 0, buf.position());
                            buf.clear();
                        }
                        buf.putFloat(f);
                    }
                }
                out.write(buf.array(), 0, buf.position());
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The padded header bytes for tensors already in name order. */
    static byte[] header(Map<String, FloatTensor> sorted) {
        ObjectNode root = COMPACT.createObjectNode();
        root.putObject(SafetensorsHeader.METADATA).put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, FloatTensor> e : sorted.entrySet()) {
            if (e.getKey().equals(SafetensorsHeader.METADATA)) {
                throw new IllegalArgumentException("a tensor cannot be named " + SafetensorsHeader.METADATA);
            }
            ObjectNode t = root.putObject(e.getKey());
            t.put("dtype", DType.F32.name());
            ArrayNode shape = t.putArray("shape");
            for (int d : e.getValue().shape()) shape.add(d);
            long bytes = (long) e.getValue().data().length * Float.BYTES;
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) out[i] = ' ';
        return out;
    }
}
