package org.gqa4j.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.gqa4j.core.InputException;

/**
 * Built-in datasets (no download: the data files of the Maven artifact
 * {@code org.ta4j:ta4j-examples:0.18} on the classpath, and a synthetic market) and the entry
 * point that loads a built-in name or a file. Loaded built-ins are cached.
 */
public final class Datasets {

    public static final String BTC = "btc-usd-1m";
    public static final String ETH = "eth-usd-5m";
    public static final String AAPL = "aapl-1d";
    public static final String SYNTHETIC = "synthetic";
    /** The default dataset of the main job. */
    public static final String DEFAULT = BTC;

    static final String BTC_RESOURCE = "bitstamp_trades_from_20131125_usd.csv";
    static final String ETH_RESOURCE = "ETH-USD-PT5M-2023-3-13_2023-3-15.json";
    static final String AAPL_RESOURCE = "appleinc_bars_from_20130101_usd.csv";

    private record BuiltIn(String source, String description, Supplier<PriceSeries> loader) {
    }

    private static final Map<String, BuiltIn> BUILT_INS = new LinkedHashMap<>();
    private static final Map<String, PriceSeries> CACHE = new ConcurrentHashMap<>();

    static {
        BUILT_INS.put(BTC, new BuiltIn("classpath:" + BTC_RESOURCE,
                "Bitstamp BTC/USD, 100,000 trades (2013-11-25..12-01) in 1-minute bars; minutes without"
                        + " a trade are filled bars at the previous close with zero volume",
                Datasets::loadBtc));
        BUILT_INS.put(ETH, new BuiltIn("classpath:" + ETH_RESOURCE,
                "Binance.US ETH/USD 5-minute bars, 2023-03-13..15", Datasets::loadEth));
        BUILT_INS.put(AAPL, new BuiltIn("classpath:" + AAPL_RESOURCE,
                "Apple Inc. (AAPL) daily bars, 2013", Datasets::loadAapl));
        BUILT_INS.put(SYNTHETIC, new BuiltIn("synthetic:seed=" + SyntheticMarket.DEFAULT_SEED + ",bars="
                + SyntheticMarket.DEFAULT_BARS,
                "seeded synthetic 1-minute market: GARCH(1,1) volatility clustering, calm/turbulent"
                        + " regimes, AR(1) returns with phi " + SyntheticMarket.PHI,
                () -> SyntheticMarket.generate(SyntheticMarket.DEFAULT_SEED, SyntheticMarket.DEFAULT_BARS)));
    }

    private Datasets() {
    }

    /** The names of the built-in datasets, in listing order. */
    public static List<String> builtInNames() {
        return List.copyOf(BUILT_INS.keySet());
    }

    /** Every built-in with its bar count and span (loads each once). */
    public static List<DatasetInfo> builtIns() {
        List<DatasetInfo> out = new ArrayList<>();
        for (Map.Entry<String, BuiltIn> e : BUILT_INS.entrySet()) {
            PriceSeries s = builtIn(e.getKey());
            out.add(new DatasetInfo(e.getKey(), e.getValue().source(), s.size(), s.time(0),
                    s.time(s.size() - 1), e.getValue().description()));
        }
        return out;
    }

    public static boolean isBuiltIn(String name) {
        return name != null && BUILT_INS.containsKey(name.trim().toLowerCase(Locale.ROOT));
    }

    /** A built-in dataset by name (case-insensitive), cached. */
    public static PriceSeries builtIn(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        BuiltIn b = BUILT_INS.get(key);
        if (b == null) {
            throw new InputException("unknown built-in dataset '" + name + "'; built-in datasets: "
                    + String.join(", ", BUILT_INS.keySet()));
        }
        return CACHE.computeIfAbsent(key, k -> {
            PriceSeries s = b.loader().get();
            return s.withLoadInfo(Gaps.summary(s, "builtin"));
        });
    }

    /**
     * A built-in name or a file path. The format applies to files (built-ins know theirs).
     * A missing file is an InputException naming the path and the built-in names.
     */
    public static PriceSeries load(String nameOrPath, Format format) {
        return load(nameOrPath, format, defaultGaps);
    }

    /**
     * {@link #load(String, Format)} with a gap policy for files. Every note of the load (gaps,
     * newest-first order, ignored columns, separator, partial last bar) goes to the note sink.
     */
    public static PriceSeries load(String nameOrPath, Format format, GapPolicy gaps) {
        PriceSeries s = loadQuietly(nameOrPath, format, gaps);
        if (s.loadInfo() != null) {
            for (String n : s.loadInfo().notes()) notes.accept(s.name() + ": " + n);
        }
        return s;
    }

    private static volatile java.util.function.Consumer<String> notes = n -> { };
    private static volatile GapPolicy defaultGaps = GapPolicy.KEEP;

    /** Where load notes go (the command line sends them to stderr); by default nowhere. */
    public static void noteSink(java.util.function.Consumer<String> sink) {
        notes = sink == null ? n -> { } : sink;
    }

    /**
     * The gap policy of {@link #load(String, Format)}: the command line sets it from {@code --gaps}
     * once per process, so every load of the command (evaluation, conversion) follows it.
     */
    public static void defaultGapPolicy(GapPolicy policy) {
        defaultGaps = policy == null ? GapPolicy.KEEP : policy;
    }

    /**
     * The dataset to use for a checkpoint: the one the user gives, else the one recorded in the
     * checkpoint if (and only if) it is a built-in name. A checkpoint is foreign input, so a
     * path recorded in it is never opened: it is returned as null and {@link #recordedFileMessage}
     * says why.
     */
    public static String forCheckpoint(String given, String recorded) {
        if (given != null) return given;
        return recorded != null && isBuiltIn(recorded) ? recorded : null;
    }

    /** Why no dataset could be chosen for a checkpoint, and what to do. */
    public static String recordedFileMessage(Path checkpoint, String recorded) {
        if (recorded == null) {
            return checkpoint + " records no dataset; pass --data (a file or a built-in dataset: "
                    + String.join(", ", BUILT_INS.keySet()) + ")";
        }
        return checkpoint + " was trained on the file " + org.gqa4j.core.Excerpt.of(recorded, 120)
                + "; gqa never opens a path recorded in a checkpoint: pass the file with --data";
    }

    private static PriceSeries loadQuietly(String nameOrPath, Format format, GapPolicy gaps) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new InputException("no dataset given; use a file path or a built-in dataset: "
                    + String.join(", ", BUILT_INS.keySet()));
        }
        if (isBuiltIn(nameOrPath)) {
            return builtIn(nameOrPath);
        }
        Path file = Path.of(nameOrPath);
        if (!Files.isRegularFile(file)) {
            throw InputException.in(file, (Files.isDirectory(file) ? "is a directory" : "no such file")
                    + "; expected a price file or a built-in dataset: " + String.join(", ", BUILT_INS.keySet()));
        }
        return PriceLoader.load(file, format, gaps);
    }

    private static PriceSeries loadBtc() {
        Path label = Path.of("classpath:" + BTC_RESOURCE);
        try (Reader r = new InputStreamReader(open(BTC_RESOURCE), StandardCharsets.UTF_8)) {
            List<CsvRows.Row> rows = CsvRows.read(r, label).rows();
            return TradeAggregator.toSeries(BTC, label.toString(), PriceLoader.readTrades(label, rows),
                    TradeAggregator.MINUTE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + label, e);
        }
    }

    private static PriceSeries loadEth() {
        try (InputStream in = open(ETH_RESOURCE)) {
            return JsonBars.load(in, Path.of("classpath:" + ETH_RESOURCE), ETH);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + ETH_RESOURCE, e);
        }
    }

    private static PriceSeries loadAapl() {
        // PriceLoader reads files; the resource goes through the same ta4j path via a Reader.
        Path label = Path.of("classpath:" + AAPL_RESOURCE);
        try (Reader r = new InputStreamReader(open(AAPL_RESOURCE), StandardCharsets.UTF_8)) {
            return PriceLoader.fromRows(label, AAPL, CsvRows.read(r, label), Format.TA4J, GapPolicy.KEEP);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + label, e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = Datasets.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("built-in data '" + resource + "' is not on the classpath;"
                    + " it comes from org.ta4j:ta4j-examples:0.18");
        }
        return in;
    }
}
