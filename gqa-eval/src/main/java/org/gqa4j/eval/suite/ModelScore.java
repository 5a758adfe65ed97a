package org.gqa4j.eval.suite;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.gqa4j.eval.metrics.BacktestResult;
import org.gqa4j.eval.metrics.Baseline;
import org.gqa4j.eval.report.Report;

/**
 * Everything measured on one model by itself ({@link Scorer}): the part of a report that does
 * not depend on the other models. A suite's score job publishes it as score.json; the report
 * job assembles the scores of one task ({@link ReportAssembler}).
 *
 * @param model          the report's row without the figures that need other models (comparisons, latency)
 * @param parentSha256   the parent checkpoint's hash from the provenance, null for an original
 * @param dataset        the test split it was scored on
 * @param forecasts      the fixed-window test forecasts, normalized
 * @param ar1Backtest    the AR(1) baseline traded like the model, same cost (null without a return target)
 * @param context        the model's context (the KV-cache setting)
 */
public record ModelScore(
        @JsonProperty("model") Report.Model model,
        @JsonProperty("parent_sha256") String parentSha256,
        @JsonProperty("dataset") Report.Dataset dataset,
        @JsonProperty("forecasts") ForecastData forecasts,
        @JsonProperty("baselines") Map<String, Baseline> baselines,
        @JsonProperty("ar1_backtest") BacktestResult ar1Backtest,
        @JsonProperty("context") int context) {}
