package org.gqa4j.core.tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gqa4j.core.InputException;

/**
 * A safetensors file opened for reading: the header is read and validated at once
 * ({@link SafetensorsHeader}), each tensor is read on demand through a {@link FileChannel} in
 * bounded chunks, so a file of any size is never loaded into one array. Sizes are checked
 * against the file's length before anything is allocated.
 */
public final class SafetensorsFile implements TensorStore {

    private static final int CHUNK = 1 << 20;

    private final Path path;
    private final FileChannel channel;
    private final SafetensorsHeader header;

    private SafetensorsFile(Path path, FileChannel channel, SafetensorsHeader header) {
        this.path = path;
        this.channel = channel;
        this.header = header;
    }

    /** Opens and validates {@code path}; a bad file is an {@link InputException} naming it and what is wrong. */
    public static SafetensorsFile open(Path path) {
        if (!Files.isRegularFile(path)) throw InputException.in(path, "file not found");
        FileChannel ch = null;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
            long size = ch.size();
            if (size < 8) throw InputException.in(path, size + " bytes is too short for the 8-byte header length (truncated?)");
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0);
            long n = len.flip().getLong();
            SafetensorsHeader.checkLength(path, n, size);
            ByteBuffer hb = ByteBuffer.allocate((int) n);
            readFully(ch, hb, 8);
            SafetensorsHeader header = SafetensorsHeader.parse(path, hb.array(), size);
            return new SafetensorsFile(path, ch, header);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new InputException(path + ": cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /** Reads every tensor of a file (small files: test fixtures, predict inputs). */
    public static Map<String, FloatTensor> readAll(Path path) {
        try (SafetensorsFile f = open(path)) {
            Map<String, FloatTensor> out = new java.util.LinkedHashMap<>();
            for (String name : f.names()) out.put(name, f.read(name));
            return out;
        }
    }

    public SafetensorsHeader header() {
        return header;
    }

    public Map<String, String> metadata() {
        return header.metadata();
    }

    @Override
    public Set<String> names() {
        return header.tensors().keySet();
    }

    @Override
    public TensorEntry entry(String name) {
        return header.tensors().get(name);
    }

    @Override
    public Path fileOf(String name) {
        return path;
    }

    @Override
    public List<Path> files() {
        return List.of(path);
    }

    @Override
    public FloatTensor read(String name) {
        TensorEntry e = entry(name);
        if (e == null) throw InputException.in(path, "has no tensor '" + name + "'");
        if (!e.dtype().floating()) {
            throw InputException.in(path, "tensor '" + name + "' is " + e.dtype() + "; only F32, F16 and BF16 can be read as float32");
        }
        long count = e.elements();
        if (count > Integer.MAX_VALUE - 8) {
            throw InputException.in(path, "tensor '" + name + "' " + e.shapeText() + " has " + count
                    + " elements, more than one Java array holds (" + (Integer.MAX_VALUE - 8) + ")");
        }
        float[] out = new float[(int) count];
        int size = e.dtype().size();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(size, e.end() - e.begin())))
                .order(ByteOrder.LITTLE_ENDIAN);
        long pos = header.dataStart() + e.begin();
        int done = 0;
        try {
            while (done < out.length) {
                int n = Math.min(out.length - done, buf.capacity() / size);
                buf.clear().limit(n * size);
                readFully(channel, buf, pos);
                buf.flip();
                decode(e.dtype(), buf, out, done, n);
                done += n;
                pos += (long) n * size;
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(path + ": reading tensor '" + name + "': " + ex.getMessage(), ex);
        }
        return new FloatTensor(e.intShape(), out);
    }

    private static void decode(DType t, ByteBuffer b, float[] out, int at, int n) {
        switch (t) {
            case F32 -> b.asFloatBuffer().get(out, at, n);
            case F16 -> { for (int i = 0; i < n; i++) out[at + i] = DType.halfToFloat(b.getShort() & 0xFFFF); }
            case BF16 -> { for (int i = 0; i < n; i++) out[at + i] = DType.bfloat16ToFloat(b.getShort() & 0xFFFF); }
            default -> throw new IllegalStateException(t + " is not a float type");
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos);
            if (r < 0) throw new IOException("unexpected end of file at byte " + pos);
            pos += r;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // already failing with the more useful error
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }
}
