package org.gqa4j.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.gqa4j.core.InputException;

/**
 * Several series for one model ({@code --data A,B,C}): each loaded, fitted on its own training
 * split (its own normalization) and pooled by {@link PreparedData#pool}; and, for a model trained
 * so, its series prepared again with their stored preparations.
 */
public final class MultiSeries {

    private MultiSeries() {}

    /**
     * The series named by a {@code --data} value: comma-separated built-in names or files. A
     * value that is itself an existing file (a comma in its name) is one series.
     */
    public static List<String> names(String data) {
        if (data == null) return List.of();
        if (!data.contains(",") || Files.isRegularFile(Path.of(data))) return List.of(data);
        List<String> out = new ArrayList<>();
        for (String part : data.split(",", -1)) {
            String name = part.strip();
            if (name.isEmpty()) throw new InputException("--data " + data + ": an empty series name between commas");
            out.add(name);
        }
        if (new HashSet<>(out).size() != out.size()) throw new InputException("--data " + data + ": a series is named twice");
        return out;
    }

    /**
     * Fits one preparation per series on its own training split and pools them; one series gives
     * exactly what {@link DataPrep#fit} and {@link DataPrep#apply} give.
     */
    public static PreparedData fit(List<String> names, List<PriceSeries> series, List<String> targets, int horizon,
                                   int context, SplitSpec split) {
        List<PreparedData> parts = new ArrayList<>();
        for (PriceSeries s : series) parts.add(DataPrep.fit(s, targets, horizon, context, split).apply(s));
        return parts.size() == 1 ? parts.get(0) : PreparedData.pool(names, parts);
    }

    /** The series of a multi-series model prepared with their stored preparations, in the model's order. */
    public static PreparedData apply(List<SeriesPrep> preps, List<PriceSeries> series) {
        if (preps.size() != series.size()) {
            throw new InputException("the model was trained on " + preps.size() + " series (" + namesOf(preps) + "), "
                    + series.size() + " given; pass them all, in that order, to --data");
        }
        List<PreparedData> parts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < preps.size(); i++) {
            parts.add(preps.get(i).prep().apply(series.get(i)));
            names.add(preps.get(i).name());
        }
        return PreparedData.pool(names, parts);
    }

    /**
     * The data to use for each series of a multi-series model: the {@code --data} list when given
     * (one per series, in order), else the recorded names that are built-ins; a recorded file is
     * never opened (null at its place, see {@link Datasets#recordedFileMessage}).
     */
    public static List<String> forCheckpoint(String given, List<SeriesPrep> preps) {
        if (given != null) {
            List<String> names = names(given);
            if (names.size() != preps.size()) {
                throw new InputException("--data names " + names.size() + " series, but the model was trained on "
                        + preps.size() + " (" + namesOf(preps) + "); pass them all, in that order");
            }
            return names;
        }
        List<String> out = new ArrayList<>();
        for (SeriesPrep p : preps) {
            if (!Datasets.isBuiltIn(p.name())) {
                throw new InputException("the model was trained on the series " + namesOf(preps) + "; gqa never opens a path"
                        + " recorded in a checkpoint: pass them all, in that order, with --data A,B,...");
            }
            out.add(p.name());
        }
        return out;
    }

    public static String namesOf(List<SeriesPrep> preps) {
        List<String> n = new ArrayList<>();
        for (SeriesPrep p : preps) n.add(org.gqa4j.core.Excerpt.of(p.name(), 60)); // recorded in a checkpoint: foreign text
        return String.join(",", n);
    }

    /** Loads each name (built-in or file). */
    public static List<PriceSeries> load(List<String> names, Format format, GapPolicy gaps) {
        List<PriceSeries> out = new ArrayList<>();
        for (String n : names) out.add(Datasets.load(n, format, gaps));
        return out;
    }
}
