/**
 * Price data: loaders, built-in datasets, features, targets, the chronological split and the
 * training/evaluation windows.
 *
 * <p>Conventions and documented repairs:
 * <ul>
 *   <li>Times are Unix milliseconds (UTC) of a bar's start; times without an offset are UTC.
 *       ta4j JSON bars carry their end time and are re-stamped with their start.</li>
 *   <li>Loaders never reorder, drop or fill rows: unsorted or duplicate times, non-finite or
 *       non-numeric fields, non-positive prices, negative volume, high &lt; low, open or close
 *       outside [low, high], wrong columns and empty files are {@link org.gqa4j.core.InputException}s
 *       naming file, line and column. Irregular spacing (weekends, exchange outages) is kept as is.</li>
 *   <li>Trades are aggregated by {@link org.gqa4j.core.data.TradeAggregator}: out-of-order trades
 *       are sorted stably by time (a repair; the built-in Bitstamp file needs none), and periods
 *       without a trade become filled bars (previous close, zero volume, {@code filled = true}).
 *       Filled bars stay in the series: their log return, log range and log volume are 0.</li>
 *   <li>{@link org.gqa4j.core.data.DataPrep} splits the valid positions 70/10/20 in time order with an
 *       embargo of {@code horizon} positions after train and after validation, and fits every
 *       normalization statistic on data read by train positions only.</li>
 * </ul>
 */
package org.gqa4j.core.data;
