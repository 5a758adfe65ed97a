package org.gqa4j.eval.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A long/short backtest on the return forecast (see {@link Backtest}). Returns are in
 * additive log-return units (sums of per-bar P&amp;L), fractions of capital.
 *
 * @param bars          bars traded over
 * @param costBps       cost per unit of position change, basis points
 * @param annualization factor the per-bar Sharpe ratio was multiplied by
 * @param totalReturn   net P&amp;L summed over all bars
 * @param grossReturn   P&amp;L before costs
 * @param cost          costs paid
 * @param sharpe        annualized: mean / sample sd of per-bar net P&amp;L times {@code annualization}
 * @param maxDrawdown   largest fall of cumulative net P&amp;L from its running peak (starting at 0), >= 0
 * @param turnover      mean |position change| per bar (entering from flat counts)
 * @param hitRate       among bars holding a position, the fraction with net P&amp;L > 0
 */
public record BacktestResult(
        @JsonProperty("bars") int bars,
        @JsonProperty("cost_bps") double costBps,
        @JsonProperty("annualization") double annualization,
        @JsonProperty("total_return") double totalReturn,
        @JsonProperty("gross_return") double grossReturn,
        @JsonProperty("cost") double cost,
        @JsonProperty("sharpe") double sharpe,
        @JsonProperty("max_drawdown") double maxDrawdown,
        @JsonProperty("turnover") double turnover,
        @JsonProperty("hit_rate") double hitRate) {}
