package org.gqa4j.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gqa4j.core.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafetensorsTest {

    @TempDir Path tmp;

    /** A file of the given header text (unpadded) and data bytes. */
    static Path raw(Path file, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Files.write(file, b.array());
        return file;
    }

    private InputException rejected(String header, int dataBytes) throws IOException {
        Path f = raw(tmp.resolve("bad.safetensors"), header, new byte[dataBytes]);
        return assertThrows(InputException.class, () -> SafetensorsFile.open(f).close());
    }

    private static void assertMentions(InputException e, String... words) {
        for (String w : words) assertTrue(e.getMessage().contains(w), () -> "'" + w + "' not in: " + e.getMessage());
    }

    @Test
    void writeThenReadIsBitExact() throws IOException {
        float nanPayload = Float.intBitsToFloat(0x7fc01234);
        Map<String, FloatTensor> t = new LinkedHashMap<>();
        t.put("w", new FloatTensor(new int[] {2, 3}, new float[] {1.5f, -0f, Float.MIN_VALUE, Float.MAX_VALUE,
                Float.NEGATIVE_INFINITY, nanPayload}));
        t.put("a.scalar", new FloatTensor(new int[] {}, new float[] {3.25f}));
        t.put("empty", new FloatTensor(new int[] {0, 4}, new float[0]));
        Path f = tmp.resolve("t.safetensors");
        SafetensorsWriter.writeF32(f, t);
        Map<String, FloatTensor> back = SafetensorsFile.readAll(f);
        assertEquals(List.of("a.scalar", "empty", "w"), new ArrayList<>(back.keySet()), "sorted by name");
        for (var e : t.entrySet()) {
            FloatTensor b = back.get(e.getKey());
            assertArrayEquals(e.getValue().shape(), b.shape(), e.getKey());
            for (int i = 0; i < b.data().length; i++) {
                assertEquals(Float.floatToRawIntBits(e.getValue().data()[i]), Float.floatToRawIntBits(b.data()[i]), e.getKey() + "[" + i + "]");
            }
        }
        // the reference layout: header length a multiple of 8, metadata first, compact JSON padded with spaces
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"format\":\"pt\"},\"a.scalar\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}"), header);
        String json = header.stripTrailing();
        assertTrue(json.endsWith("]}}") && header.substring(json.length()).chars().allMatch(c -> c == ' '), "space padding");
        assertEquals(8 + n + 4 + 24, bytes.length);
        try (SafetensorsFile sf = SafetensorsFile.open(f)) {
            assertEquals(Map.of("format", "pt"), sf.metadata());
        }
    }

    /** Every binary16 bit pattern against an independent decoding in double arithmetic. */
    @Test
    void f16WideningIsExactForEveryBitPattern() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int sign = bits >>> 15, exp = (bits >>> 10) & 0x1f, mant = bits & 0x3ff;
            float got = DType.halfToFloat(bits);
            if (exp == 0x1f && mant != 0) {
                assertTrue(Float.isNaN(got), "NaN " + bits);
                assertEquals(mant, (Float.floatToRawIntBits(got) >>> 13) & 0x3ff, "NaN payload " + bits);
                continue;
            }
            double v = exp == 0x1f ? Double.POSITIVE_INFINITY
                    : exp == 0 ? Math.scalb((double) mant, -24) : Math.scalb(1.0 + mant / 1024.0, exp - 15);
            float want = (float) (sign == 1 ? -v : v);
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got), "bits " + Integer.toHexString(bits));
        }
        assertEquals(65504f, DType.halfToFloat(0x7bff));
        assertEquals(0x1p-24f, DType.halfToFloat(0x0001), "smallest subnormal");
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(DType.halfToFloat(0x8000)));
    }

    /** Every bfloat16 bit pattern against an independent decoding in double arithmetic. */
    @Test
    void bf16WideningIsExactForEveryBitPattern() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int sign = bits >>> 15, exp = (bits >>> 7) & 0xff, mant = bits & 0x7f;
            float got = DType.bfloat16ToFloat(bits);
            if (exp == 0xff && mant != 0) {
                assertTrue(Float.isNaN(got), "NaN " + bits);
                continue;
            }
            double v = exp == 0xff ? Double.POSITIVE_INFINITY
                    : exp == 0 ? Math.scalb((double) mant, -133) : Math.scalb(1.0 + mant / 128.0, exp - 127);
            float want = (float) (sign == 1 ? -v : v);
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got), "bits " + Integer.toHexString(bits));
        }
    }

    @Test
    void readsF16AndBf16Files() throws IOException {
        // F16 [3]: 1.0, -2.0, smallest subnormal; BF16 [2]: 1.0 (0x3f80), -inf (0xff80)
        byte[] data = {0x00, 0x3c, 0x00, (byte) 0xc0, 0x01, 0x00, (byte) 0x80, 0x3f, (byte) 0x80, (byte) 0xff};
        Path f = raw(tmp.resolve("h.safetensors"), "{\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[6,10]}}", data);
        Map<String, FloatTensor> t = SafetensorsFile.readAll(f);
        assertArrayEquals(new float[] {1f, -2f, 0x1p-24f}, t.get("h").data());
        assertArrayEquals(new float[] {1f, Float.NEGATIVE_INFINITY}, t.get("b").data());
        assertArrayEquals(new int[] {1, 2}, t.get("b").shape());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON | {\"a\": | 0 | not valid JSON",
            "not an object start | [1] | 0 | does not start with '{'",
            "text after the object | {} x | 0 | Unrecognized token 'x'",
            "duplicate tensor name | {\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}} | 8 | Duplicate field 'a'",
            "metadata not strings | {\"__metadata__\":{\"format\":1}} | 0 | __metadata__ must map strings to strings",
            "metadata not an object | {\"__metadata__\":\"pt\"} | 0 | __metadata__ must be a JSON object",
            "entry missing a key | {\"a\":{\"dtype\":\"F32\",\"shape\":[1]}} | 4 | tensor 'a': entry must have exactly the keys",
            "entry with an extra key | {\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}} | 4 | tensor 'a': entry must have exactly",
            "entry not an object | {\"a\":[1]} | 0 | tensor 'a': entry must be an object",
            "unknown dtype | {\"a\":{\"dtype\":\"F33\",\"shape\":[1],\"data_offsets\":[0,4]}} | 4 | tensor 'a': unknown dtype",
            "negative dimension | {\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}} | 4 | tensor 'a': shape must hold non-negative",
            "fractional dimension | {\"a\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}} | 4 | tensor 'a': shape must hold",
            "three offsets | {\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}} | 8 | tensor 'a': data_offsets must be an array of 2",
            "end before begin | {\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}} | 4 | end before they begin",
            "out of bounds | {\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}} | 4 | run past the 4-byte data section",
            "overlap | {\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}} | 12 | tensor 'b' data_offsets [4, 12] overlap the previous tensor",
            "gap | {\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}} | 12 | leave a gap of 4 bytes",
            "gap before the first tensor | {\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}} | 8 | leave a gap of 4 bytes after offset 0",
            "size not shape x dtype | {\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}} | 8 | hold 8 bytes; F32 [3] needs 12",
            "bf16 size | {\"a\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[0,16]}} | 16 | BF16 [2, 2] needs 8",
            "uncovered tail | {\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}} | 6 | 2 bytes after the last tensor",
            "shape overflow | {\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,4]}} | 4 | overflows a 64-bit byte count",
            "dimension beyond 2^63 | {\"a\":{\"dtype\":\"F32\",\"shape\":[18446744073709551615],\"data_offsets\":[0,4]}} | 4 | below 2^63",
    })
    void malformedHeadersAreRejectedWithTheFileAndTheTensor(String what, String header, int dataBytes, String expected) throws IOException {
        InputException e = rejected(header, dataBytes);
        assertMentions(e, "bad.safetensors", expected);
    }

    @Test
    void headerThatIsNotUtf8IsRejected() throws IOException {
        byte[] h = {'{', (byte) 0xff, '}', ' ', ' ', ' ', ' ', ' '};
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(8).put(h);
        Path f = Files.write(tmp.resolve("bad.safetensors"), b.array());
        assertMentions(assertThrows(InputException.class, () -> SafetensorsFile.open(f)), "not valid UTF-8");
    }

    @Test
    void headerLengthIsBoundedByTheLimitAndTheFile() throws IOException {
        Path shortFile = Files.write(tmp.resolve("short.safetensors"), new byte[5]);
        assertMentions(assertThrows(InputException.class, () -> SafetensorsFile.open(shortFile)), "too short", "short.safetensors");
        for (long n : new long[] {100_000_001L, -1L}) {
            ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(n).put("{}      ".getBytes(StandardCharsets.UTF_8));
            Path f = Files.write(tmp.resolve("huge.safetensors"), b.array());
            assertMentions(assertThrows(InputException.class, () -> SafetensorsFile.open(f)), "exceeds the limit of 100000000");
        }
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(64).put("{}      ".getBytes(StandardCharsets.UTF_8));
        Path f = Files.write(tmp.resolve("trunc.safetensors"), b.array());
        assertMentions(assertThrows(InputException.class, () -> SafetensorsFile.open(f)), "header length 64 does not fit in the 16-byte file");
    }

    @Test
    void truncatedFileIsRejected() throws IOException {
        Path f = tmp.resolve("full.safetensors");
        SafetensorsWriter.writeF32(f, Map.of("w", new FloatTensor(new int[] {4, 4}, new float[16])));
        byte[] all = Files.readAllBytes(f);
        Path cut = Files.write(tmp.resolve("cut.safetensors"), java.util.Arrays.copyOf(all, all.length - 4));
        assertMentions(assertThrows(InputException.class, () -> SafetensorsFile.open(cut)), "cut.safetensors", "tensor 'w'", "truncated");
    }

    /**
     * A 3 GiB tensor that the file does not hold: rejected when the file is opened, from the header
     * and the file length alone, so no tensor buffer is ever allocated (open reads only the header).
     */
    @Test
    void absentThreeGibTensorIsRejectedWithoutAllocatingIt() throws IOException {
        long bytes = 3L << 30;
        InputException e = rejected("{\"big\":{\"dtype\":\"F32\",\"shape\":[" + bytes / 4 + "],\"data_offsets\":[0," + bytes + "]}}", 16);
        assertMentions(e, "tensor 'big'", "run past the 16-byte data section");
    }

    /** More elements than a Java array holds: a clear error when read (a sparse 4 GiB file, no data written). */
    @Test
    void tensorBeyondOneJavaArrayIsAClearError() throws IOException {
        long n = 1L << 31;
        Path f = raw(tmp.resolve("sparse.safetensors"),
                "{\"h\":{\"dtype\":\"F16\",\"shape\":[" + n + "],\"data_offsets\":[0," + 2 * n + "]}}", new byte[0]);
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(r.length() + 2 * n);
        }
        try (SafetensorsFile sf = SafetensorsFile.open(f)) {
            assertEquals(n, sf.entry("h").elements());
            assertMentions(assertThrows(InputException.class, () -> sf.read("h")), "tensor 'h'", "more than one Java array holds");
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void nonFloatTensorsValidateButAreNotReadAsFloats() throws IOException {
        Path f = raw(tmp.resolve("i.safetensors"), "{\"pos\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", new byte[16]);
        try (SafetensorsFile sf = SafetensorsFile.open(f)) {
            assertEquals(DType.I64, sf.entry("pos").dtype());
            assertMentions(assertThrows(InputException.class, () -> sf.read("pos")), "tensor 'pos' is I64");
        }
    }
}
