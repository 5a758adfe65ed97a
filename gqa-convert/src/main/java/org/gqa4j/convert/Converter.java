package org.gqa4j.convert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.gqa4j.core.InputException;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.KvHeads;
import org.gqa4j.core.model.ParamNames;
import org.gqa4j.core.model.Weights;

/**
 * Converts a model to fewer KV heads: MHA to GQA, GQA to fewer groups, anything to MQA.
 *
 * <p>Block by block: optionally regroup the KV heads (permuting them with their query heads and
 * output rows, which leaves the function unchanged), then merge each contiguous group in place
 * (the block keeps its shape, every slot of a group holding the shared head), and finally keep
 * one slot per group. Data-aware methods calibrate block by block on the model as converted so
 * far, so later blocks adapt to the inputs the earlier merged blocks actually produce.
 */
public final class Converter {

    private Converter() {}

    /** Checks a conversion request before any work; every problem is an InputException saying what is valid. */
    public static ConversionMethod check(ModelConfig config, int kvHeads, String method, boolean hasCalibration) {
        int current = config.nKvHeads();
        if (kvHeads <= 0) {
            throw new InputException("--kv-heads " + kvHeads + ": must be a positive divisor of the model's "
                    + current + " KV heads: " + divisors(current));
        }
        if (kvHeads > current) {
            throw new InputException("--kv-heads " + kvHeads + ": larger than the model's " + current
                    + " KV heads; conversion can only merge heads. Valid: " + divisors(current));
        }
        if (current % kvHeads != 0) {
            throw new InputException("--kv-heads " + kvHeads + ": does not divide the model's " + current
                    + " KV heads into equal groups. Valid: " + divisors(current));
        }
        ConversionMethod m = ConversionMethods.byName(method);
        if (m.dataAware() && !hasCalibration && kvHeads != current) {
            throw new InputException("method '" + m.name() + "' is data-aware and needs calibration data"
                    + " (--data: the training data of the model); data-free methods: " + dataFreeNames());
        }
        return m;
    }

    /** {@link #convert(Weights, int, String, Calibration, long, Consumer)} without progress. */
    public static ConversionResult convert(Weights w, int kvHeads, String method, Calibration calibration, long seed) {
        return convert(w, kvHeads, method, calibration, seed, msg -> {});
    }

    /**
     * Converts {@code w} to {@code kvHeads} KV heads.
     *
     * @param calibration train windows for data-aware methods (ignored by the others, and unused when
     *                    kvHeads equals the current KV heads: nothing is merged; may then be null)
     * @param seed        seeds the {@code random} method
     * @param progress    receives one line per block
     */
    public static ConversionResult convert(Weights w, int kvHeads, String method, Calibration calibration, long seed,
                                           Consumer<String> progress) {
        return convert(w, kvHeads, method, calibration, seed, progress, true);
    }

    /**
     * @param sequential calibrate block i on the model with blocks before i already converted
     *                   (true, the default) or on the original model (false; kept for measurement)
     */
    static ConversionResult convert(Weights w, int kvHeads, String method, Calibration calibration, long seed,
                                    Consumer<String> progress, boolean sequential) {
        ModelConfig c = w.config();
        ConversionMethod m = check(c, kvHeads, method, calibration != null);
        if (m.dataAware() && calibration != null && calibration.features() != c.nFeatures()) {
            throw new InputException("calibration windows have " + calibration.features()
                    + " features but the model reads " + c.nFeatures());
        }
        int size = c.nKvHeads() / kvHeads;
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, float[]> values = new LinkedHashMap<>();
        w.asMap().forEach((k, v) -> values.put(k, v.clone()));
        List<List<List<Integer>>> groupMap = new ArrayList<>();
        List<List<Integer>> queryOrders = m.regroups() ? new ArrayList<>() : null;
        SecondMoments moments = m.dataAware() && size > 1 ? new SecondMoments(w, calibration) : null;
        for (int layer = 0; layer < c.nLayers(); layer++) {
            LayerAttention la = LayerAttention.read(c, values, layer);
            LayerStats stats = null;
            if (moments != null) stats = new LayerStats(la, moments.of(sequential ? Weights.of(c, values) : w, layer));
            int[] kvOrder = identity(c.nKvHeads());
            int[] qOrder = identity(c.nHeads());
            if (m.regroups() && stats != null) {
                kvOrder = Regrouper.order(stats, kvHeads, m.grouping());
                qOrder = la.permute(kvOrder);
                stats = new LayerStats(la, stats.c); // the same moments, heads renumbered
            }
            if (queryOrders != null) queryOrders.add(toList(qOrder));
            List<List<Integer>> groups = new ArrayList<>();
            for (int j = 0; j < kvHeads; j++) {
                int kept = m.merger().merge(la, j * size, size, stats, rng);
                List<Integer> members = new ArrayList<>();
                if (kept >= 0) members.add(kvOrder[j * size + kept]);
                for (int s = 0; s < size; s++) if (s != kept) members.add(kvOrder[j * size + s]);
                groups.add(members);
            }
            groupMap.add(groups);
            la.write(values);
            progress.accept("converted block " + (layer + 1) + "/" + c.nLayers() + " (" + m.name() + ", "
                    + c.nKvHeads() + " -> " + kvHeads + " KV heads)");
        }
        Weights out = collapse(c, values, kvHeads);
        return new ConversionResult(out, m.name(), c.nKvHeads(), kvHeads, groupMap, queryOrders,
                m.dataAware() && size > 1 ? calibration.fingerprint() : null);
    }

    /** Keeps the first slot of each group of {@code values} (whose groups hold identical K/V heads). */
    static Weights collapse(ModelConfig c, Map<String, float[]> values, int kvHeads) {
        ModelConfig target = c.withKvHeads(kvHeads);
        int size = c.nKvHeads() / kvHeads, hd = c.headDim();
        Map<String, float[]> out = new LinkedHashMap<>(values);
        for (int layer = 0; layer < c.nLayers(); layer++) {
            for (String name : List.of(ParamNames.wk(layer), ParamNames.bk(layer), ParamNames.wv(layer), ParamNames.bv(layer))) {
                if (!values.containsKey(name)) continue; // no attention biases
                int rows = name.endsWith("attn.wk") || name.endsWith("attn.wv") ? c.dModel() : 1;
                float[][] heads = new float[kvHeads][];
                for (int j = 0; j < kvHeads; j++) heads[j] = KvHeads.headColumns(values.get(name), rows, c.nKvHeads(), hd, j * size);
                out.put(name, KvHeads.fromHeads(heads, rows, hd));
            }
        }
        return Weights.of(target, out);
    }

    private static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    private static List<Integer> toList(int[] a) {
        List<Integer> l = new ArrayList<>(a.length);
        for (int x : a) l.add(x);
        return l;
    }

    private static String divisors(int n) {
        List<String> d = new ArrayList<>();
        for (int i = n; i >= 1; i--) if (n % i == 0) d.add(Integer.toString(i));
        return String.join(", ", d) + " (" + n + ": unchanged, 1: multi-query)";
    }

    private static String dataFreeNames() {
        List<String> n = new ArrayList<>();
        for (ConversionMethod m : ConversionMethods.all()) if (!m.dataAware()) n.add(m.name());
        return String.join(", ", n);
    }
}
