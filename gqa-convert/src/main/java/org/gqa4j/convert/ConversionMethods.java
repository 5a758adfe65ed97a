package org.gqa4j.convert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gqa4j.core.InputException;

/** The conversion methods by name. */
public final class ConversionMethods {

    public static final String MEAN = "mean";
    public static final String FIRST = "first";
    public static final String RANDOM = "random";
    public static final String ALIGNED = "aligned";
    public static final String REGROUP_MEAN = "regroup-mean";
    public static final String REGROUP_ALIGNED = "regroup-aligned";
    /** The data-aware method that kept the most quality in our measurements (see the package docs). */
    public static final String RECOMMENDED = REGROUP_ALIGNED;

    private static final Map<String, ConversionMethod> METHODS = new LinkedHashMap<>();

    static {
        MeanMerger mean = new MeanMerger();
        AlignedMerger aligned = new AlignedMerger();
        add(new ConversionMethod(MEAN, "mean of the adjacent heads of each group (Ainslie et al. 2023)", null, mean));
        add(new ConversionMethod(FIRST, "keep the first head of each group (ablation)", null, new FirstMerger()));
        add(new ConversionMethod(RANDOM, "keep a random head of each group, seeded (ablation)", null, new RandomMerger()));
        add(new ConversionMethod(ALIGNED, "data-aware: adjacent groups, heads aligned on calibration data then merged",
                null, aligned));
        add(new ConversionMethod(REGROUP_MEAN, "data-aware: groups of similar heads, then the mean", mean, mean));
        add(new ConversionMethod(REGROUP_ALIGNED, "data-aware: groups of alignable heads, aligned then merged",
                aligned, aligned));
    }

    private ConversionMethods() {}

    private static void add(ConversionMethod m) {
        METHODS.put(m.name(), m);
    }

    /** Every method name, in help order. */
    public static List<String> names() {
        return new ArrayList<>(METHODS.keySet());
    }

    public static List<ConversionMethod> all() {
        return new ArrayList<>(METHODS.values());
    }

    /** The method of this name (case-insensitive); an unknown name is an InputException listing the known ones. */
    public static ConversionMethod byName(String name) {
        ConversionMethod m = name == null ? null : METHODS.get(name.trim().toLowerCase(Locale.ROOT));
        if (m == null) {
            throw new InputException("unknown conversion method '" + name + "'; known methods: "
                    + String.join(", ", METHODS.keySet()));
        }
        return m;
    }
}
