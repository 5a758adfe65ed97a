package org.gqa4j.core.checkpoint.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.gqa4j.core.InputException;
import org.gqa4j.core.model.ParamNames;

/**
 * The HuggingFace Llama layout of a decoder-only time-series model, as the independent PyTorch
 * reference {@code torch_llama_ts.py} defines it (model_type "llama_ts"):
 *
 * <pre>
 * input_proj.{weight [D, n_in], bias}                  embed.w (transposed), embed.b
 * model.layers.{i}.input_layernorm.weight              blocks.{i}.ln1.gain
 * model.layers.{i}.self_attn.q_proj.weight [H*hd, D]   attn.wq [D, H*hd] (transposed; k, v, o alike)
 *   (.bias when attention_bias)                        attn.bq, bk, bv, bo
 * model.layers.{i}.post_attention_layernorm.weight     blocks.{i}.ln2.gain
 * model.layers.{i}.mlp.gate_proj / up_proj / down_proj ffn.w1 / w3 / w2 (transposed; no biases)
 * model.norm.weight                                    final_ln.gain
 * output_proj.{weight [n_out, D], bias}                head.w (transposed), head.b
 * </pre>
 * Such a model is gqa4j's rmsnorm + swiglu architecture without feed-forward biases, with
 * norm_eps = rms_norm_eps, rope_theta, head_dim, n_kv_heads = num_key_value_heads and
 * context = max_position_embeddings. Optional keys feature_names, target_names and horizon
 * (written by gqa4j's export) carry the names through a round trip.
 */
public final class LlamaLayout implements Layout {

    public static final String NAME = "llama";
    public static final String MODEL_TYPE = "llama_ts";
    public static final String ARCHITECTURE = "LlamaTimeSeriesModel";

    private static final Set<String> KNOWN = Set.of("model_type", "architectures", "input_size", "output_size",
            "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads", "num_key_value_heads",
            "head_dim", "rms_norm_eps", "rope_theta", "attention_bias", "max_position_embeddings", "torch_dtype",
            "hidden_act", "mlp_bias", "rope_scaling", "attention_dropout", "tie_word_embeddings", "pretraining_tp",
            "initializer_range", "use_cache", "transformers_version", "feature_names", "target_names", "horizon");

    /** The sizes both configs are written from. */
    record Sizes(List<String> features, List<String> targets, int horizon, int hidden, int intermediate, int layers,
                 int heads, int kvHeads, int headDim, double eps, double ropeTheta, boolean attentionBias, int context) {
        int inputSize() { return features.size(); }
        int outputSize() { return targets.size() * horizon; }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean recognizes(JsonNode c) {
        if (MODEL_TYPE.equals(c.path("model_type").asText(null))) return true;
        for (JsonNode a : c.path("architectures")) if (ARCHITECTURE.equals(a.asText())) return true;
        return false;
    }

    @Override
    public LayoutMapping fromForeign(Path configFile, JsonNode c) {
        ConfigFields f = new ConfigFields(configFile.toString(), c);
        f.rejectUnknown(KNOWN);
        f.string("model_type", MODEL_TYPE);
        f.strings("architectures");
        f.string("torch_dtype", null);
        f.string("transformers_version", null);
        f.number("attention_dropout", 0); // training only
        f.number("initializer_range", 0);
        f.bool("use_cache", true);
        f.require("hidden_act", "silu", f.string("hidden_act", "silu"), "the Llama MLP is SwiGLU: silu(gate) * up");
        f.require("mlp_bias", false, f.bool("mlp_bias", false), "the Llama MLP has no biases");
        f.require("tie_word_embeddings", false, f.bool("tie_word_embeddings", false), "input and output projections are separate");
        f.require("pretraining_tp", 1, f.positiveInt("pretraining_tp", 1), "tensor-parallel slicing changes the arithmetic");
        if (f.has("rope_scaling")) throw f.error("rope_scaling", "is set; only the default rotary embedding is supported");

        int in = f.positiveInt("input_size"), out = f.positiveInt("output_size");
        int hidden = f.positiveInt("hidden_size"), heads = f.positiveInt("num_attention_heads");
        int kv = f.positiveInt("num_key_value_heads");
        if (!f.has("head_dim") && hidden % heads != 0) {
            throw f.error("hidden_size", hidden + " is not divisible by num_attention_heads " + heads + "; give head_dim");
        }
        int headDim = f.positiveInt("head_dim", hidden / Math.max(1, heads));
        if (heads % kv != 0) throw f.error("num_key_value_heads", kv + " must divide num_attention_heads " + heads);
        if (headDim % 2 != 0) throw f.error("head_dim", headDim + " must be even (rotary embeddings rotate pairs)");
        double eps = f.number("rms_norm_eps");
        if (eps < 0) throw f.error("rms_norm_eps", eps + " must be >= 0");
        double theta = f.number("rope_theta");
        if (!(theta > 1)) throw f.error("rope_theta", theta + " must be > 1");

        List<String> features = f.strings("feature_names");
        if (features == null) features = placeholders("x", in);
        if (features.size() != in) throw f.error("feature_names", "has " + features.size() + " names, input_size is " + in);
        int horizon = f.positiveInt("horizon", 1);
        List<String> targets = f.strings("target_names");
        if (targets == null) {
            if (out % horizon != 0) throw f.error("horizon", horizon + " does not divide output_size " + out);
            targets = placeholders("y", out / horizon);
        }
        if (targets.size() * horizon != out) {
            throw f.error("target_names", targets.size() + " targets x horizon " + horizon + " != output_size " + out);
        }
        return mapping(new Sizes(features, targets, horizon, hidden, f.positiveInt("intermediate_size"),
                f.positiveInt("num_hidden_layers"), heads, kv, headDim, eps, theta, f.bool("attention_bias", false),
                f.positiveInt("max_position_embeddings")));
    }

    @Override
    public LayoutMapping fromGqa(String label, JsonNode c) {
        ConfigFields f = new ConfigFields(label, c);
        int patch = f.positiveInt("patch_len", 1);
        String channels = f.string("channels", "mixed"), instanceNorm = f.string("instance_norm", "none");
        if (patch != 1 || !channels.equals("mixed") || !instanceNorm.equals("none")) {
            throw new InputException(label + ": the " + NAME + " layout has no series-input options (one bar per position,"
                    + " mixed channels, no instance norm); this model has patch_len " + patch + ", channels " + channels
                    + ", instance_norm " + instanceNorm + ", which a Llama-style consumer would silently ignore");
        }
        String norm = f.string("norm", "layernorm");
        String ffn = f.string("ffn", "gelu");
        boolean ffnBias = f.bool("ffn_bias", true);
        if (!norm.equals("rmsnorm") || !ffn.equals("swiglu") || ffnBias) {
            throw new InputException(label + ": the " + NAME + " layout holds rmsnorm + swiglu models without feed-forward"
                    + " biases; this model has norm " + norm + ", ffn " + ffn + ", ffn_bias " + ffnBias);
        }
        int d = f.positiveInt("d_model"), heads = f.positiveInt("n_heads");
        String layersKey = f.firstPresent("n_layers", "layers");
        String thetaKey = f.firstPresent("rope_theta", "rope_base");
        List<String> features = f.strings("features"), targets = f.strings("targets");
        if (features == null || targets == null) throw new InputException(label + ": features and targets are required");
        return mapping(new Sizes(features, targets, f.positiveInt("horizon"), d, f.positiveInt("ffn_dim"),
                f.positiveInt(layersKey == null ? "n_layers" : layersKey), heads, f.positiveInt("n_kv_heads"),
                f.positiveInt("head_dim", d / heads), f.number("norm_eps", 1e-5),
                thetaKey == null ? 10_000.0 : f.number(thetaKey), f.bool("attention_bias", true), f.positiveInt("context")));
    }

    static LayoutMapping mapping(Sizes s) {
        return new LayoutMapping(NAME, foreignConfig(s), gqaConfig(s), tensors(s), String.format(Locale.ROOT,
                "input_size %d, output_size %d, hidden_size %d, intermediate_size %d, num_hidden_layers %d,"
                        + " num_attention_heads %d, num_key_value_heads %d, head_dim %d, attention_bias %s",
                s.inputSize(), s.outputSize(), s.hidden, s.intermediate, s.layers, s.heads, s.kvHeads, s.headDim, s.attentionBias));
    }

    /** Every tensor: HuggingFace names, their [out, in] shapes, and the gqa4j parameter each one is. */
    static List<TensorMapping> tensors(Sizes s) {
        int d = s.hidden, q = s.heads * s.headDim, kv = s.kvHeads * s.headDim, ff = s.intermediate;
        List<TensorMapping> t = new ArrayList<>();
        t.add(matrix("input_proj.weight", ParamNames.EMBED_W, d, s.inputSize()));
        t.add(vector("input_proj.bias", ParamNames.EMBED_B, d));
        for (int i = 0; i < s.layers; i++) {
            String p = "model.layers." + i + ".";
            t.add(vector(p + "input_layernorm.weight", ParamNames.ln1Gain(i), d));
            t.add(matrix(p + "self_attn.q_proj.weight", ParamNames.wq(i), q, d));
            t.add(matrix(p + "self_attn.k_proj.weight", ParamNames.wk(i), kv, d));
            t.add(matrix(p + "self_attn.v_proj.weight", ParamNames.wv(i), kv, d));
            t.add(matrix(p + "self_attn.o_proj.weight", ParamNames.wo(i), d, q));
            if (s.attentionBias) {
                t.add(vector(p + "self_attn.q_proj.bias", ParamNames.bq(i), q));
                t.add(vector(p + "self_attn.k_proj.bias", ParamNames.bk(i), kv));
                t.add(vector(p + "self_attn.v_proj.bias", ParamNames.bv(i), kv));
                t.add(vector(p + "self_attn.o_proj.bias", ParamNames.bo(i), d));
            }
            t.add(vector(p + "post_attention_layernorm.weight", ParamNames.ln2Gain(i), d));
            t.add(matrix(p + "mlp.gate_proj.weight", ParamNames.w1(i), ff, d));
            t.add(matrix(p + "mlp.up_proj.weight", ParamNames.w3(i), ff, d));
            t.add(matrix(p + "mlp.down_proj.weight", ParamNames.w2(i), d, ff));
        }
        t.add(vector("model.norm.weight", ParamNames.FINAL_LN_GAIN, d));
        t.add(matrix("output_proj.weight", ParamNames.HEAD_W, s.outputSize(), d));
        t.add(vector("output_proj.bias", ParamNames.HEAD_B, s.outputSize()));
        return t;
    }

    private static TensorMapping matrix(String hf, String gqa, int out, int in) {
        return new TensorMapping(hf, gqa, new int[] {out, in}, true);
    }

    private static TensorMapping vector(String hf, String gqa, int n) {
        return new TensorMapping(hf, gqa, new int[] {n}, false);
    }

    static ObjectNode foreignConfig(Sizes s) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("model_type", MODEL_TYPE);
        c.putArray("architectures").add(ARCHITECTURE);
        c.put("input_size", s.inputSize());
        c.put("output_size", s.outputSize());
        c.put("hidden_size", s.hidden);
        c.put("intermediate_size", s.intermediate);
        c.put("num_hidden_layers", s.layers);
        c.put("num_attention_heads", s.heads);
        c.put("num_key_value_heads", s.kvHeads);
        c.put("head_dim", s.headDim);
        c.put("rms_norm_eps", s.eps);
        c.put("rope_theta", s.ropeTheta);
        c.put("attention_bias", s.attentionBias);
        c.put("max_position_embeddings", s.context);
        c.put("torch_dtype", "float32");
        s.features.forEach(c.putArray("feature_names")::add);
        s.targets.forEach(c.putArray("target_names")::add);
        c.put("horizon", s.horizon);
        return c;
    }

    /** The gqa4j config.json of the architecture contract (canonical field names). */
    static ObjectNode gqaConfig(Sizes s) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        s.features.forEach(c.putArray("features")::add);
        s.targets.forEach(c.putArray("targets")::add);
        c.put("horizon", s.horizon);
        c.put("d_model", s.hidden);
        c.put("n_layers", s.layers);
        c.put("n_heads", s.heads);
        c.put("n_kv_heads", s.kvHeads);
        c.put("head_dim", s.headDim);
        c.put("ffn_dim", s.intermediate);
        c.put("context", s.context);
        c.put("dropout", 0.0);
        c.put("rope_theta", s.ropeTheta);
        c.put("norm", "rmsnorm");
        c.put("norm_eps", s.eps);
        c.put("ffn", "swiglu");
        c.put("attention_bias", s.attentionBias);
        c.put("ffn_bias", false);
        c.put("seed", 0);
        return c;
    }

    private static List<String> placeholders(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(prefix + i);
        return out;
    }
}
