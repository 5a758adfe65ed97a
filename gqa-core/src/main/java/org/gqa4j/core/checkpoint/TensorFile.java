package org.gqa4j.core.checkpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gqa4j.core.InputException;
import org.gqa4j.core.config.ConfigJson;

/**
 * Named float32 tensors as two files: {@code NAME.json}, an index of name, shape, offset and
 * count, and {@code NAME.bin}, the little-endian values back to back. Plain bytes, readable
 * from any language; nothing is deserialized but numbers.
 */
final class TensorFile {

    record Entry(@JsonProperty("name") String name, @JsonProperty("shape") int[] shape,
                 @JsonProperty("offset") long offset, @JsonProperty("count") long count) {}

    private TensorFile() {}

    static void write(Path dir, String base, Map<String, float[]> tensors, Map<String, int[]> shapes) throws IOException {
        List<Entry> index = new ArrayList<>();
        long offset = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(base + ".bin")), 1 << 16)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Map.Entry<String, float[]> e : tensors.entrySet()) {
                float[] v = e.getValue();
                int[] shape = shapes.getOrDefault(e.getKey(), new int[] {v.length});
                index.add(new Entry(e.getKey(), shape, offset, v.length));
                offset += (long) v.length * Float.BYTES;
                for (float f : v) {
                    if (!buf.hasRemaining()) { out.write(buf.array(), 0, buf.position()); buf.clear(); }
                    buf.putFloat(f);
                }
            }
            out.write(buf.array(), 0, buf.position());
        }
        ConfigJson.write(dir.resolve(base + ".json"), index);
    }

    /** Reads all tensors; index problems and short data are errors naming the file. */
    static Map<String, float[]> read(Path dir, String base, Map<String, int[]> shapesOut) throws IOException {
        Path indexFile = dir.resolve(base + ".json");
        Path binFile = dir.resolve(base + ".bin");
        List<Entry> index;
        try {
            index = ConfigJson.MAPPER.readValue(indexFile.toFile(), new TypeReference<List<Entry>>() {});
        } catch (IOException e) {
            throw new InputException(indexFile + ": not a valid tensor index: " + e.getMessage(), e);
        }
        long needed = 0;
        for (Entry e : index) needed = Math.max(needed, e.offset() + e.count() * Float.BYTES);
        long size = Files.size(binFile);
        if (size < needed) {
            throw InputException.in(binFile, "truncated: " + size + " bytes, but " + indexFile.getFileName()
                    + " describes " + needed + " bytes");
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        try (FileChannel ch = FileChannel.open(binFile, StandardOpenOption.READ)) {
            for (Entry e : index) {
                long product = 1;
                for (int d : e.shape()) product *= d;
                if (product != e.count()) {
                    throw InputException.in(indexFile, "tensor '" + e.name() + "' has shape " + Arrays.toString(e.shape())
                            + " but " + e.count() + " values");
                }
                ByteBuffer bb = ByteBuffer.allocate(Math.toIntExact(e.count() * Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
                ch.read(bb, e.offset());
                bb.flip();
                float[] v = new float[(int) e.count()];
                bb.asFloatBuffer().get(v);
                out.put(e.name(), v);
                shapesOut.put(e.name(), e.shape());
            }
        }
        return out;
    }
}
