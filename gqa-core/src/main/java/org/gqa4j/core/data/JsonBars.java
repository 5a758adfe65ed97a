package org.gqa4j.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gqa4j.core.Excerpt;
import org.gqa4j.core.InputException;

/**
 * The ta4j JSON bar format: {@code {"name": "ETH/USD_PT5M@BinanceUS", "ohlc": [{"endTime": ms,
 * "openPrice", "highPrice", "lowPrice", "closePrice", "volume", ...}]}}. The file gives each
 * bar's end time (last millisecond); bars here are stamped with their start, like every other
 * format: start = endTime + 1 - bar length, the length taken from the ISO duration in the name
 * (PT5M) or else the smallest step between end times.
 */
final class JsonBars {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern DURATION = Pattern.compile("P(?:\\d{1,9}D|T\\d{1,9}[HMS])");
    /** About the year 5000 in ms: larger magnitudes are not millisecond times. */
    private static final long MAX_ABS_MILLIS = 100_000_000_000_000L;

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Item(Long endTime, Double openPrice, Double highPrice, Double lowPrice, Double closePrice, Double volume) {
    }

    private JsonBars() {
    }

    static PriceSeries load(Path file, GapPolicy policy) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file, PriceLoader.baseName(file), policy);
        } catch (NoSuchFileException e) {
            throw InputException.in(file, "no such file");
        } catch (IOException e) {
            throw InputException.in(file, "cannot read: " + Excerpt.of(e.getMessage(), 160));
        }
    }

    static PriceSeries load(InputStream in, Path file, String seriesName) throws IOException {
        return load(in, file, seriesName, GapPolicy.KEEP);
    }

    static PriceSeries load(InputStream in, Path file, String seriesName, GapPolicy policy) throws IOException {
        String name = null;
        List<Item> items = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (JsonParser p = MAPPER.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw InputException.in(file, "expected a JSON object with an \"ohlc\" array of bars");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("name") && t == JsonToken.VALUE_STRING) {
                    name = p.getText();
                } else if (field.equals("ohlc") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        lines.add((long) p.currentLocation().getLineNr());
                        items.add(p.readValueAs(Item.class));
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw InputException.at(file, line, "malformed JSON: " + Excerpt.of(e.getOriginalMessage(), 160));
        }
        if (items.isEmpty()) {
            throw InputException.in(file, "no bars: expected a non-empty \"ohlc\" array");
        }
        long step = barLength(file, name, items);
        List<Bar> bars = new ArrayList<>();
        long[] lineArr = new long[items.size()];
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            lineArr[i] = lines.get(i);
            String missing = it.endTime() == null ? "endTime" : it.openPrice() == null ? "openPrice"
                    : it.highPrice() == null ? "highPrice" : it.lowPrice() == null ? "lowPrice"
                    : it.closePrice() == null ? "closePrice" : it.volume() == null ? "volume" : null;
            if (missing != null) {
                throw InputException.at(file, lineArr[i], "bar without '" + missing + "'");
            }
            if (Math.abs(it.endTime()) > MAX_ABS_MILLIS) {
                throw InputException.at(file, lineArr[i], "endTime " + it.endTime() + " is not a time in milliseconds"
                        + " (beyond the year 5000)");
            }
            bars.add(Bar.of(it.endTime() + 1 - step, it.openPrice(), it.highPrice(), it.lowPrice(),
                    it.closePrice(), it.volume()));
        }
        return SeriesChecks.finishBars(file, seriesName, "json", bars, lineArr, policy, List.of());
    }

    private static long barLength(Path file, String name, List<Item> items) {
        if (name != null) {
            Matcher m = DURATION.matcher(name);
            if (m.find()) {
                try {
                    long ms = Duration.parse(m.group()).toMillis();
                    if (ms > 0 && ms <= MAX_ABS_MILLIS) return ms;
                } catch (RuntimeException e) {
                    // falls through to the error below
                }
                throw InputException.in(file, "the bar length " + Excerpt.of(m.group()) + " in the name is not a usable duration");
            }
        }
        long step = Long.MAX_VALUE;
        for (int i = 1; i < items.size(); i++) {
            if (items.get(i).endTime() != null && items.get(i - 1).endTime() != null) {
                long d = items.get(i).endTime() - items.get(i - 1).endTime();
                if (d > 0) {
                    step = Math.min(step, d);
                }
            }
        }
        return step == Long.MAX_VALUE ? 1 : step; // one bar and no length: keep its end time
    }
}
