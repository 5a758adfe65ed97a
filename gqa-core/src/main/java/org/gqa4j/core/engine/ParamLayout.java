package org.gqa4j.core.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.ParamNames;
import org.gqa4j.core.model.Weights;

/**
 * The parameters of a configuration as an indexed list (the canonical order of
 * {@link ParamNames#shapes}), so hot loops address tensors by index instead of by name.
 */
public final class ParamLayout {

    private final ModelConfig config;
    private final List<String> names;
    private final List<int[]> shapes;
    private final Map<String, Integer> index = new HashMap<>();

    public ParamLayout(ModelConfig config) {
        this.config = config;
        this.names = new ArrayList<>();
        this.shapes = new ArrayList<>();
        for (Map.Entry<String, int[]> e : ParamNames.shapes(config).entrySet()) {
            index.put(e.getKey(), names.size());
            names.add(e.getKey());
            shapes.add(e.getValue());
        }
    }

    public ModelConfig config() { return config; }

    public int size() { return names.size(); }

    public String name(int i) { return names.get(i); }

    public int[] shape(int i) { return shapes.get(i).clone(); }

    public int length(int i) { return (int) ParamNames.count(shapes.get(i)); }

    /** Matrices get weight decay; biases and norm gains do not. */
    public boolean isMatrix(int i) { return shapes.get(i).length == 2; }

    public int indexOf(String name) {
        Integer i = index.get(name);
        if (i == null) throw new IllegalArgumentException("no parameter named '" + name + "'");
        return i;
    }

    /** Index of the parameter, or -1 when this configuration has no parameter of that name (an absent bias). */
    public int indexOrAbsent(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    public long parameterCount() {
        long n = 0;
        for (int i = 0; i < size(); i++) n += length(i);
        return n;
    }

    /** Zero-filled arrays, one per parameter (gradients, optimizer moments). */
    public float[][] zeros() {
        float[][] z = new float[size()][];
        for (int i = 0; i < z.length; i++) z[i] = new float[length(i)];
        return z;
    }

    /** Deep copies of the weights' arrays in layout order (their config may differ in seed or dropout). */
    public float[][] fromWeights(Weights w) {
        float[][] p = new float[size()][];
        for (int i = 0; i < p.length; i++) {
            if (!java.util.Arrays.equals(w.shape(names.get(i)), shapes.get(i))) {
                throw new IllegalArgumentException("parameter '" + names.get(i) + "' has another shape in these weights");
            }
            p[i] = w.get(names.get(i)).clone();
        }
        return p;
    }

    /** Weights holding copies of the arrays. */
    public Weights toWeights(float[][] p) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (int i = 0; i < p.length; i++) values.put(names.get(i), p[i].clone());
        return Weights.of(config, values);
    }

    /** Named copies with a prefix (e.g. optimizer moments "m." and "v." in a checkpoint). */
    public Map<String, float[]> toMap(String prefix, float[][] p) {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (int i = 0; i < p.length; i++) m.put(prefix + names.get(i), p[i].clone());
        return m;
    }

    /** The arrays named prefix + parameter name, checked for presence and length. */
    public float[][] fromMap(String prefix, Map<String, float[]> m) {
        float[][] p = new float[size()][];
        for (int i = 0; i < p.length; i++) {
            float[] v = m.get(prefix + names.get(i));
            if (v == null || v.length != length(i)) {
                throw new IllegalArgumentException("tensor '" + prefix + names.get(i) + "' is "
                        + (v == null ? "missing" : "of length " + v.length + ", expected " + length(i)));
            }
            p[i] = v.clone();
        }
        return p;
    }
}
