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
 * @param hitRate       the hit rate, defined once for the whole report: among bars whose realized return is not
 *                      0, the fraction where sign(forecast) = sign(realized) (= the model's directional accuracy)
 * @param breakEvenCostBps the cost per unit of position change at which the net return is 0:
 *                      gross / turnover summed, in bp; null without trades; negative when even the gross loses
 * @param equity        cumulative net P&amp;L, sampled at up to {@link Backtest#EQUITY_POINTS} evenly spaced bars (the last bar included)
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
        @JsonProperty("hit_rate") double hitRate,
        @JsonProperty("break_even_cost_bps") double breakEvenCostBps,
        @JsonProperty("equity") java.util.List<Double> equity) {

    public BacktestResult {
        equity = equity == null ? java.util.List.of() : java.util.List.copyOf(equity);
    }

    public BacktestResult(int bars, double costBps, double annualization, double totalReturn, double grossReturn, double cost,
                          double sharpe, double maxDrawdown, double turnover, double hitRate) {
        this(bars, costBps, annualization, totalReturn, grossReturn, cost, sharpe, maxDrawdown, turnover, hitRate, Double.NaN, null);
    }
}
