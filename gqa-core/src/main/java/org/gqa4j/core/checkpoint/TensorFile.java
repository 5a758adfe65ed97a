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
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gqa4j.core.Excerpt;
import org.gqa4j.core.InputException;
import org.gqa4j.core.IoErrors;
import org.gqa4j.core.config.ConfigJson;

/**
 * Named float32 tensors as two files: {@code NAME.json}, an index of name, shape, offset and
 * count, and {@code NAME.bin}, the little-endian values back to back. Plain bytes, readable
 * from any language; nothing is deserialized but numbers.
 *
 * <p>Reading trusts nothing: the index is validated against the data file's length before
 * any value is allocated (non-negative offsets and dimensions, no overflow, count = product of
 * the shape, every entry inside the file, no two entries overlapping), and every value must be
 * finite. Callers verify checksums before calling {@link #readIndex}.
 */
final class TensorFile {

    /** The largest index file read (a model's index is a few KB; this bounds parsing work). */
    static final long MAX_INDEX_BYTES = 16L << 20;
    /** The most values one tensor may hold (a Java float array's limit, minus headroom). */
    static final long MAX_COUNT = Integer.MAX_VALUE - 16;

    record Entry(@JsonProperty("name") String name, @JsonProperty("shape") int[] shape,
                 @JsonProperty("offset") long offset, @JsonProperty("count") long count) {}

    private TensorFile() {}

    static void write(Path dir, String base, Map<String, float[]> tensors, Map<String, int[]> shapes) throws IOException {
        List<Entry> index = new ArrayList<>();
        long offset = 0;
        Path bin = PlainName.resolve(dir, base + ".bin");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(bin), 1 << 16)) {
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
        } catch (IOException e) {
            throw IoErrors.named(bin, e);
        }
        Path json = PlainName.resolve(dir, base + ".json");
        try {
            ConfigJson.write(json, index);
        } catch (IOException e) {
            throw IoErrors.named(json, e);
        }
    }

    /** The validated index of {@code base}: every entry inside {@code base.bin}, none overlapping. */
    static List<Entry> readIndex(Path dir, String base) throws IOException {
        Path indexFile = PlainName.resolve(dir, base + ".json");
        Path binFile = PlainName.resolve(dir, base + ".bin");
        long indexSize = Files.size(indexFile);
        if (indexSize > MAX_INDEX_BYTES) {
            throw InputException.in(indexFile, indexSize + " bytes; a tensor index is at most " + MAX_INDEX_BYTES + " bytes");
        }
        List<Entry> index;
        try {
            index = ConfigJson.MAPPER.readValue(indexFile.toFile(), new TypeReference<List<Entry>>() {});
        } catch (IOException e) {
            throw InputException.in(indexFile, "not a valid tensor index: " + Excerpt.of(e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage(), 160));
        }
        if (index == null) throw InputException.in(indexFile, "not a valid tensor index: expected a JSON array of entries");
        long size = Files.size(binFile);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < index.size(); i++) {
            Entry e = index.get(i);
            String where = "entry " + i;
            if (e == null) throw InputException.in(indexFile, where + " is null; expected {name, shape, offset, count}");
            if (e.name() == null || e.name().isEmpty()) throw InputException.in(indexFile, where + " has no name");
            where = "tensor " + Excerpt.of(e.name());
            if (!names.add(e.name())) throw InputException.in(indexFile, where + " appears twice");
            if (e.shape() == null) throw InputException.in(indexFile, where + " has no shape");
            if (e.offset() < 0 || e.count() < 0) {
                throw InputException.in(indexFile, where + " has offset " + e.offset() + " and count " + e.count()
                        + "; both must be >= 0");
            }
            long product = 1;
            for (int d : e.shape()) {
                if (d < 0) throw InputException.in(indexFile, where + " has a negative dimension in shape " + Arrays.toString(e.shape()));
                product = d == 0 ? 0 : product > MAX_COUNT / d ? Long.MAX_VALUE : product * d;
            }
            if (product > MAX_COUNT) {
                throw InputException.in(indexFile, where + " has shape " + shapeText(e.shape()) + ", more than " + MAX_COUNT + " values");
            }
            if (product != e.count()) {
                throw InputException.in(indexFile, where + " has shape " + shapeText(e.shape()) + " (" + product
                        + " values) but count " + e.count());
            }
            long bytes = e.count() * Float.BYTES;
            if (e.offset() > size || bytes > size - e.offset()) {
                throw InputException.in(binFile, "truncated or wrong index: " + where + " needs bytes [" + e.offset()
                        + ", " + (e.offset() > Long.MAX_VALUE - bytes ? "overflow" : String.valueOf(e.offset() + bytes))
                        + ") but the file has " + size + " bytes");
            }
        }
        List<Entry> byOffset = new ArrayList<>(index);
        byOffset.sort(Comparator.comparingLong(Entry::offset));
        for (int i = 1; i < byOffset.size(); i++) {
            Entry a = byOffset.get(i - 1);
            Entry b = byOffset.get(i);
            if (a.count() > 0 && b.count() > 0 && b.offset() < a.offset() + a.count() * Float.BYTES) {
                throw InputException.in(indexFile, "tensors " + Excerpt.of(a.name()) + " and " + Excerpt.of(b.name())
                        + " overlap in " + binFile.getFileName() + " (offsets " + a.offset() + " and " + b.offset() + ")");
            }
        }
        return index;
    }

    /** Reads the values of a validated index; a NaN or infinite value is an error naming tensor and index. */
    static Map<String, float[]> readValues(Path dir, String base, List<Entry> index) throws IOException {
        Path binFile = PlainName.resolve(dir, base + ".bin");
        Map<String, float[]> out = new LinkedHashMap<>();
        try (FileChannel ch = FileChannel.open(binFile, StandardOpenOption.READ)) {
            ByteBuffer bb = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry e : index) {
                float[] v = new float[(int) e.count()];
                long pos = e.offset();
                int filled = 0;
                while (filled < v.length) {
                    bb.clear();
                    bb.limit(Math.min(bb.capacity(), (v.length - filled) * Float.BYTES));
                    while (bb.hasRemaining()) {
                        int n = ch.read(bb, pos);
                        if (n < 0) throw InputException.in(binFile, "truncated while reading tensor " + Excerpt.of(e.name()));
                        pos += n;
                    }
                    bb.flip();
                    int k = bb.remaining() / Float.BYTES;
                    bb.asFloatBuffer().get(v, filled, k);
                    for (int j = filled; j < filled + k; j++) {
                        if (!Float.isFinite(v[j])) {
                            throw InputException.in(binFile, "tensor " + Excerpt.of(e.name()) + " " + shapeText(e.shape())
                                    + " has " + v[j] + " at index " + index(e.shape(), j) + " (flat " + j
                                    + "); every value must be finite");
                        }
                    }
                    filled += k;
                }
                out.put(e.name(), v);
            }
        }
        return out;
    }

    static Map<String, int[]> shapes(List<Entry> index) {
        Map<String, int[]> s = new LinkedHashMap<>();
        for (Entry e : index) s.put(e.name(), e.shape());
        return s;
    }

    /** The multi-dimensional index of flat position {@code flat} (row-major). */
    static String index(int[] shape, long flat) {
        long[] at = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? 0 : flat / shape[d];
        }
        return Arrays.toString(at);
    }

    private static String shapeText(int[] shape) {
        return shape.length > 8 ? "[" + shape.length + " dimensions]" : Arrays.toString(shape);
    }
}
