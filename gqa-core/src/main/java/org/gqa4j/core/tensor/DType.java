package org.gqa4j.core.tensor;

/**
 * The element types of the safetensors format with their sizes in bytes. Every type's size is
 * known so that any file's offsets can be validated; only F32, F16 and BF16 can be read as
 * float32 ({@link #floating()}), every value of the two halves exactly.
 */
public enum DType {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1), I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4), I64(8), U64(8), F64(8);

    private final int size;

    DType(int size) {
        this.size = size;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** True for the types this project reads into float32: F32, F16, BF16. */
    public boolean floating() {
        return this == F32 || this == F16 || this == BF16;
    }

    /** The type named exactly as in a safetensors header ("F32", "BF16", ...), or null. */
    public static DType byName(String name) {
        for (DType t : values()) if (t.name().equals(name)) return t;
        return null;
    }

    public static String names() {
        StringBuilder b = new StringBuilder();
        for (DType t : values()) b.append(b.length() == 0 ? "" : ", ").append(t.name());
        return b.toString();
    }

    /** IEEE 754 binary16 bits to float32, exactly (subnormals, infinities, NaN payloads kept). */
    public static float halfToFloat(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        if (exp != 0) return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
        // zero or subnormal: mant x 2^-24, exact in float32
        float v = mant * 0x1p-24f;
        return sign != 0 ? -v : v;
    }

    /** bfloat16 bits to float32: the high half of a float32, exactly. */
    public static float bfloat16ToFloat(int bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }
}
