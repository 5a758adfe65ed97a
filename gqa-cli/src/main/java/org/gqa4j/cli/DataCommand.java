package org.gqa4j.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.data.Datasets;
import org.gqa4j.core.data.Format;
import org.gqa4j.core.data.GapPolicy;
import org.gqa4j.core.data.LoadInfo;
import org.gqa4j.core.data.PriceSeries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "data", mixinStandardHelpOptions = true,
        description = {"Read a price file as train and eval would, and describe it.",
                "One JSON line on stdout (format, bars, first, last, interval_seconds, gaps, largest_gap_bars, descending, ...),",
                "a summary and every note (ignored columns, newest-first order, gaps, partial last bar) on stderr."})
final class DataCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "a CSV/JSON price file or a built-in dataset name")
    String file;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FMT", converter = Cli.FormatConverter.class,
            completionCandidates = Cli.FormatNames.class, description = "file format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--gaps", defaultValue = "keep", paramLabel = "POLICY", converter = Cli.GapsConverter.class,
            description = "missing bars: keep (report them), fill (flagged bars at the previous close, at most 1440 per gap)"
                    + " or error (default ${DEFAULT-VALUE})")
    GapPolicy gaps;

    @Override
    public Integer call() throws Exception {
        PriceSeries s = Datasets.load(file, format, gaps);
        LoadInfo info = s.loadInfo();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", s.source());
        out.put("format", info.format());
        out.put("bars", s.size());
        out.put("first", Instant.ofEpochMilli(s.time(0)).toString());
        out.put("last", Instant.ofEpochMilli(s.time(s.size() - 1)).toString());
        out.put("interval_seconds", info.intervalMillis() / 1000.0);
        out.put("gaps", info.gaps());
        out.put("largest_gap_bars", info.largestGapBars());
        out.put("descending", info.descending());
        out.put("filled_bars", info.filledBars());
        out.put("partial_last_bar", info.partialLastBar());
        out.put("columns", s.columns());
        Cli.progress(summary(s, info));
        System.out.println(ConfigJson.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
        return 0;
    }

    /** "hourly: 390 bars of 1h (ta4j), 2021-01-01T00:00:00Z .. 2021-01-17T05:00:00Z; 1 gap, the largest 10 bars". */
    private static String summary(PriceSeries s, LoadInfo info) {
        long sec = info.intervalMillis() / 1000;
        String interval = sec == 0 ? "?" : sec % 86_400 == 0 ? sec / 86_400 + "d" : sec % 3_600 == 0 ? sec / 3_600 + "h"
                : sec % 60 == 0 ? sec / 60 + "m" : sec + "s";
        return s.name() + ": " + s.size() + " bars of " + interval + " (" + info.format() + "), "
                + Instant.ofEpochMilli(s.time(0)) + " .. " + Instant.ofEpochMilli(s.time(s.size() - 1))
                + (info.descending() ? "; newest-first in the file" : "")
                + (info.gaps() == 0 ? "; no gaps" : "; " + info.gaps() + " gap" + (info.gaps() == 1 ? "" : "s")
                        + " of missing bars, the largest " + info.largestGapBars() + " bars")
                + (info.filledBars() > 0 ? "; " + info.filledBars() + " filled bars" : "")
                + (info.partialLastBar() ? "; the last bar is partial" : "");
    }
}
