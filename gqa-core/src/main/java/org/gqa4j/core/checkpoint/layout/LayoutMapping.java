package org.gqa4j.core.checkpoint.layout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.gqa4j.core.InputException;
import org.gqa4j.core.tensor.FloatTensor;
import org.gqa4j.core.tensor.TensorEntry;
import org.gqa4j.core.tensor.TensorStore;

/**
 * One model in one layout: the foreign config.json, the equivalent gqa4j config.json (the
 * architecture contract's fields) and every tensor with its name and shape on both sides.
 * Moving tensors across is exact (float32 values are copied, matrices transposed), and the set
 * of tensors must match exactly in both directions.
 *
 * @param layout        the layout's name
 * @param foreignConfig the foreign config.json
 * @param gqaConfig     the gqa4j config.json
 * @param tensors       every tensor, in the foreign checkpoint's canonical order
 * @param shapeBasis    the config values the shapes follow from, for error messages
 */
public record LayoutMapping(String layout, ObjectNode foreignConfig, ObjectNode gqaConfig, List<TensorMapping> tensors,
                            String shapeBasis) {

    private static final int LIST_AT_MOST = 8;

    /** Reads the foreign tensors under their gqa4j names; a missing, unexpected or misshapen tensor is an error. */
    public Map<String, FloatTensor> readGqa(TensorStore store, Path dir) {
        Map<String, TensorMapping> byForeign = new LinkedHashMap<>();
        for (TensorMapping m : tensors) byForeign.put(m.foreignName(), m);
        List<String> problems = new ArrayList<>();
        TreeSet<String> missing = new TreeSet<>(byForeign.keySet());
        missing.removeAll(store.names());
        TreeSet<String> unexpected = new TreeSet<>(store.names());
        unexpected.removeAll(byForeign.keySet());
        if (!missing.isEmpty()) problems.add("missing tensors " + few(missing));
        if (!unexpected.isEmpty()) problems.add("unexpected tensors " + few(unexpected));
        for (TensorMapping m : tensors) {
            TensorEntry e = store.entry(m.foreignName());
            if (e != null && !sameShape(e.shape(), m.foreignShape())) {
                problems.add("tensor '" + m.foreignName() + "' in " + store.fileOf(m.foreignName()).getFileName() + " has shape "
                        + e.shapeText() + ", expected " + Arrays.toString(m.foreignShape()));
            }
        }
        if (!problems.isEmpty()) {
            throw InputException.in(dir, String.join("; ", problems) + " (the " + layout + " layout with " + shapeBasis + ")");
        }
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (TensorMapping m : tensors) {
            FloatTensor t = store.read(m.foreignName());
            out.put(m.gqaName(), m.transposed() ? transpose(t) : t);
        }
        return out;
    }

    /** The gqa4j parameters under their foreign names; the parameters must be exactly this mapping's. */
    public Map<String, FloatTensor> toForeign(Map<String, FloatTensor> gqa, String label) {
        Map<String, TensorMapping> byGqa = new LinkedHashMap<>();
        for (TensorMapping m : tensors) byGqa.put(m.gqaName(), m);
        TreeSet<String> missing = new TreeSet<>(byGqa.keySet());
        missing.removeAll(gqa.keySet());
        TreeSet<String> unmapped = new TreeSet<>(gqa.keySet());
        unmapped.removeAll(byGqa.keySet());
        if (!missing.isEmpty() || !unmapped.isEmpty()) {
            throw new InputException(label + ": the " + layout + " layout needs parameters " + few(missing)
                    + " and has no place for " + few(unmapped));
        }
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (TensorMapping m : tensors) {
            FloatTensor t = gqa.get(m.gqaName());
            if (!Arrays.equals(t.shape(), m.gqaShape())) {
                throw new InputException(label + ": parameter '" + m.gqaName() + "' has shape " + t.shapeText() + ", expected "
                        + Arrays.toString(m.gqaShape()) + " (" + shapeBasis + ")");
            }
            out.put(m.foreignName(), m.transposed() ? transpose(t) : t);
        }
        return out;
    }

    /** [rows, cols] -> [cols, rows]. */
    static FloatTensor transpose(FloatTensor t) {
        int r = t.dim(0), c = t.dim(1);
        float[] src = t.data(), dst = new float[src.length];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) dst[j * r + i] = src[i * c + j];
        return new FloatTensor(new int[] {c, r}, dst);
    }

    private static boolean sameShape(long[] a, int[] b) {
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) return false;
        return true;
    }

    private static String few(TreeSet<String> names) {
        if (names.isEmpty()) return "[]";
        List<String> shown = new ArrayList<>(names).subList(0, Math.min(LIST_AT_MOST, names.size()));
        return shown + (names.size() > LIST_AT_MOST ? " and " + (names.size() - LIST_AT_MOST) + " more" : "");
    }
}
