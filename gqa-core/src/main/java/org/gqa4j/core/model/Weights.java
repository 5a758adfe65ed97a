package org.gqa4j.core.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.gqa4j.core.config.ModelConfig;

/**
 * The parameters of one model, by name ({@link ParamNames}), as row-major float arrays.
 * The plain carrier between the SameDiff graph, checkpoints, conversion and the streaming
 * engine: no ND4J type leaks through it.
 */
public final class Weights {

    private final ModelConfig config;
    private final Map<String, float[]> values;

    private Weights(ModelConfig config, Map<String, float[]> values) {
        this.config = config;
        this.values = values;
    }

    /** Wraps arrays after checking that names and sizes match the configuration exactly. */
    public static Weights of(ModelConfig config, Map<String, float[]> values) {
        Map<String, int[]> shapes = ParamNames.shapes(config);
        for (String name : values.keySet()) {
            if (!shapes.containsKey(name)) {
                throw new IllegalArgumentException("parameter '" + name + "' is not part of this configuration");
            }
        }
        Map<String, float[]> ordered = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            float[] v = values.get(e.getKey());
            if (v == null) throw new IllegalArgumentException("parameter '" + e.getKey() + "' is missing");
            long expected = ParamNames.count(e.getValue());
            if (v.length != expected) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' has " + v.length
                        + " values, expected " + expected + " for shape " + Arrays.toString(e.getValue()));
            }
            ordered.put(e.getKey(), v);
        }
        return new Weights(config, ordered);
    }

    /**
     * Fresh weights: GPT-2 style, N(0, 0.02) for matrices with the residual output
     * projections (wo, w2) scaled by 1/sqrt(2 layers), zero biases, unit LayerNorm gains.
     */
    public static Weights init(ModelConfig config) {
        SplittableRandom rng = new SplittableRandom(config.seed());
        double residualScale = 1.0 / Math.sqrt(2.0 * config.nLayers());
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : ParamNames.shapes(config).entrySet()) {
            String name = e.getKey();
            float[] v = new float[(int) ParamNames.count(e.getValue())];
            if (name.endsWith(".gain")) {
                Arrays.fill(v, 1f);
            } else if (e.getValue().length == 2) {
                double std = 0.02;
                if (name.endsWith("attn.wo") || name.endsWith("ffn.w2")) std *= residualScale;
                if (name.equals(ParamNames.EMBED_W)) std = 1.0 / Math.sqrt(config.inputWidth());
                for (int i = 0; i < v.length; i++) v[i] = (float) (gaussian(rng) * std);
            }
            values.put(name, v);
        }
        return new Weights(config, values);
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller: SplittableRandom has no nextGaussian in Java 17
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    public ModelConfig config() { return config; }

    public float[] get(String name) {
        float[] v = values.get(name);
        if (v == null) throw new IllegalArgumentException("no parameter named '" + name + "'");
        return v;
    }

    public int[] shape(String name) {
        int[] s = ParamNames.shapes(config).get(name);
        if (s == null) throw new IllegalArgumentException("no parameter named '" + name + "'");
        return s;
    }

    /** Read-only view in canonical order. */
    public Map<String, float[]> asMap() { return Collections.unmodifiableMap(values); }

    public long parameterCount() {
        long n = 0;
        for (float[] v : values.values()) n += v.length;
        return n;
    }

    /** A deep copy whose arrays can be changed freely. */
    public Weights copy() {
        Map<String, float[]> c = new LinkedHashMap<>();
        values.forEach((k, v) -> c.put(k, v.clone()));
        return new Weights(config, c);
    }

    /** True when every value is finite (a guard for training). */
    public boolean allFinite() {
        for (float[] v : values.values()) for (float x : v) if (!Float.isFinite(x)) return false;
        return true;
    }
}
