package org.gqa4j.suite.file;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.gqa4j.core.InputException;
import org.gqa4j.core.data.SplitSpec;
import org.gqa4j.eval.metrics.Backtest;

/**
 * One task: data, split, window, and how it is scored.
 *
 * @param data     a built-in dataset name or a file (relative to the suite file)
 * @param format   file format (auto, yahoo, binance, ta4j, numeric, trades, json)
 * @param targets  target names (default: return, abs_return for OHLCV, every column for numeric data)
 * @param split    {@code {kind: chronological, train, val}}, {@code {kind: rows, train_end, val_end, test_end}} or
 *                 {@code {kind: walk-forward, folds, val, test}}, or a Time-Series-Library split
 *                 {@code {kind: tslib-ett-hour | tslib-ett-minute | tslib-custom}} (default chronological 70/10/20)
 * @param headline the target of the headline figure (default return, else the first target)
 * @param metric   mse, mae or mase of the headline target
 * @param season   season of the naive forecast that scales MASE (1: last value)
 * @param costBps  backtest cost per unit of position change (default 10 bp)
 */
public record TaskSpec(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "data", required = true) String data,
        @JsonProperty("format") String format,
        @JsonProperty("targets") List<String> targets,
        @JsonProperty("split") SplitSpec split,
        @JsonProperty("context") Integer context,
        @JsonProperty("horizon") Integer horizon,
        @JsonProperty("headline") String headline,
        @JsonProperty("metric") String metric,
        @JsonProperty("season") Integer season,
        @JsonProperty("cost_bps") Double costBps) {

    public TaskSpec {
        format = format == null ? "auto" : format;
        split = split == null ? SplitSpec.Chronological.DEFAULT : split;
        context = context == null ? 64 : context;
        horizon = horizon == null ? 1 : horizon;
        metric = metric == null ? "mse" : metric;
        season = season == null ? 1 : season;
        costBps = costBps == null ? Backtest.DEFAULT_COST_BPS : costBps;
        targets = targets == null ? List.of() : List.copyOf(targets);
        if (context < 1) throw new InputException("tasks." + name + ".context must be >= 1, got " + context);
        if (horizon < 1) throw new InputException("tasks." + name + ".horizon must be >= 1, got " + horizon);
    }
}
