package org.gqa4j.core.checkpoint.layout;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.tensor.FloatTensor;
import org.gqa4j.core.tensor.SafetensorsWriter;

/**
 * Llama-layout checkpoints made in Java for tests, spelled out independently of the code under
 * test: HuggingFace tensor names and [out, in] shapes as the PyTorch reference
 * (torch_llama_ts.py) writes them, random values, config.json with its keys.
 */
public final class LlamaFixture {

    /** Sizes of one model; {@code headDim} may differ from hidden / heads. */
    public record Spec(int inputSize, int outputSize, int hidden, int intermediate, int layers, int heads, int kvHeads,
                       int headDim, boolean attentionBias, int context, double eps, double ropeTheta) {}

    public static Spec small() {
        return new Spec(5, 2, 16, 24, 2, 4, 2, 6, true, 12, 1e-5, 500.0);
    }

    private LlamaFixture() {}

    public static ObjectNode config(Spec s) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("model_type", "llama_ts");
        c.putArray("architectures").add("LlamaTimeSeriesModel");
        c.put("input_size", s.inputSize());
        c.put("output_size", s.outputSize());
        c.put("hidden_size", s.hidden());
        c.put("intermediate_size", s.intermediate());
        c.put("num_hidden_layers", s.layers());
        c.put("num_attention_heads", s.heads());
        c.put("num_key_value_heads", s.kvHeads());
        c.put("head_dim", s.headDim());
        c.put("rms_norm_eps", s.eps());
        c.put("rope_theta", s.ropeTheta());
        c.put("attention_bias", s.attentionBias());
        c.put("max_position_embeddings", s.context());
        c.put("torch_dtype", "float32");
        return c;
    }

    /** Random tensors under HuggingFace names; norm weights near 1, matrices ~ U(-a, a) with a = 1/sqrt(in). */
    public static Map<String, FloatTensor> tensors(Spec s, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = s.hidden(), q = s.heads() * s.headDim(), kv = s.kvHeads() * s.headDim(), ff = s.intermediate();
        Map<String, FloatTensor> t = new LinkedHashMap<>();
        t.put("input_proj.weight", matrix(rng, d, s.inputSize()));
        t.put("input_proj.bias", vector(rng, d, 0));
        for (int i = 0; i < s.layers(); i++) {
            String p = "model.layers." + i + ".";
            t.put(p + "input_layernorm.weight", vector(rng, d, 1));
            t.put(p + "self_attn.q_proj.weight", matrix(rng, q, d));
            t.put(p + "self_attn.k_proj.weight", matrix(rng, kv, d));
            t.put(p + "self_attn.v_proj.weight", matrix(rng, kv, d));
            t.put(p + "self_attn.o_proj.weight", matrix(rng, d, q));
            if (s.attentionBias()) {
                t.put(p + "self_attn.q_proj.bias", vector(rng, q, 0));
                t.put(p + "self_attn.k_proj.bias", vector(rng, kv, 0));
                t.put(p + "self_attn.v_proj.bias", vector(rng, kv, 0));
                t.put(p + "self_attn.o_proj.bias", vector(rng, d, 0));
            }
            t.put(p + "post_attention_layernorm.weight", vector(rng, d, 1));
            t.put(p + "mlp.gate_proj.weight", matrix(rng, ff, d));
            t.put(p + "mlp.up_proj.weight", matrix(rng, ff, d));
            t.put(p + "mlp.down_proj.weight", matrix(rng, d, ff));
        }
        t.put("model.norm.weight", vector(rng, d, 1));
        t.put("output_proj.weight", matrix(rng, s.outputSize(), d));
        t.put("output_proj.bias", vector(rng, s.outputSize(), 0));
        return t;
    }

    /** config.json + model.safetensors (F32) in {@code dir}. */
    public static Path write(Path dir, ObjectNode config, Map<String, FloatTensor> tensors) throws IOException {
        Files.createDirectories(dir);
        ConfigJson.write(dir.resolve("config.json"), config);
        SafetensorsWriter.writeF32(dir.resolve("model.safetensors"), tensors);
        return dir;
    }

    /** The same tensors rounded to bfloat16 (truncating the low 16 bits keeps them exact in BF16). */
    public static Map<String, FloatTensor> bf16Exact(Map<String, FloatTensor> t) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        t.forEach((k, v) -> {
            float[] d = v.data().clone();
            for (int i = 0; i < d.length; i++) d[i] = Float.intBitsToFloat(Float.floatToRawIntBits(d[i]) & 0xFFFF0000);
            out.put(k, new FloatTensor(v.shape(), d));
        });
        return out;
    }

    /** A BF16 safetensors file of tensors already exact in BF16 (written by hand, like the reference). */
    public static void writeBf16(Path file, Map<String, FloatTensor> tensors) throws IOException {
        Map<String, FloatTensor> sorted = new TreeMap<>(tensors);
        StringBuilder h = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        long off = 0;
        for (var e : sorted.entrySet()) {
            long bytes = 2L * e.getValue().data().length;
            StringBuilder shape = new StringBuilder();
            for (int dim : e.getValue().shape()) shape.append(shape.length() == 0 ? "" : ",").append(dim);
            h.append(",\"").append(e.getKey()).append("\":{\"dtype\":\"BF16\",\"shape\":[").append(shape)
                    .append("],\"data_offsets\":[").append(off).append(',').append(off + bytes).append("]}");
            off += bytes;
        }
        h.append('}');
        while (h.length() % 8 != 0) h.append(' ');
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate((int) (8 + header.length + off)).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        for (FloatTensor t : sorted.values()) for (float f : t.data()) b.putShort((short) (Float.floatToRawIntBits(f) >>> 16));
        Files.write(file, b.array());
    }

    private static FloatTensor matrix(SplittableRandom rng, int out, int in) {
        float[] v = new float[out * in];
        double a = 1.0 / Math.sqrt(in);
        for (int i = 0; i < v.length; i++) v[i] = (float) rng.nextDouble(-a, a);
        return new FloatTensor(new int[] {out, in}, v);
    }

    private static FloatTensor vector(SplittableRandom rng, int n, double center) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (center + rng.nextDouble(-0.2, 0.2));
        return new FloatTensor(new int[] {n}, v);
    }
}
