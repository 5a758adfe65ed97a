package org.gqa4j.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The backtest on six bars worked by hand; tolerance 1e-12. */
class BacktestTest {

    static final double TOL = 1e-12;

    @Test
    void pnlCostsTurnoverDrawdownByHand() {
        double[] forecast = {0.5, 0.2, -0.1, -0.3, 0.0, 0.4};
        double[] realized = {0.01, -0.02, -0.01, 0.03, 0.02, 0.01};
        BacktestResult b = Backtest.run(forecast, realized, new Backtest.Config(10, 2));
        // positions 1, 1, -1, -1, 0, 1 from flat: changes 1, 0, 2, 0, 1, 1
        // gross .01, -.02, .01, -.03, 0, .01 = -.02; costs (10 bp) .001, 0, .002, 0, .001, .001 = .005
        // net .009, -.02, .008, -.03, -.001, .009 = -.025
        assertEquals(6, b.bars());
        assertEquals(-0.02, b.grossReturn(), TOL);
        assertEquals(0.005, b.cost(), TOL);
        assertEquals(-0.025, b.totalReturn(), TOL);
        assertEquals(5.0 / 6, b.turnover(), TOL);
        // equity .009, -.011, -.003, -.033, -.034, -.025: peak .009, trough -.034
        assertEquals(0.043, b.maxDrawdown(), TOL);
        // hit rate = directional accuracy: every realized return is non-zero; signs agree on bars 1, 3, 6
        // (the flat forecast on bar 5 makes no call: a miss)
        assertEquals(0.5, b.hitRate(), TOL);
        assertEquals(PointMetrics.directionalAccuracy(forecast, realized), b.hitRate(), 0);
        // break-even: gross -.02 over 5 units of position change = -40 bp (it loses before costs)
        assertEquals(-40.0, b.breakEvenCostBps(), 1e-9);
        // the equity curve holds every bar here (6 < EQUITY_POINTS), cumulative net
        assertEquals(6, b.equity().size());
        assertEquals(-0.025, b.equity().get(5), TOL);
        assertEquals(-0.011, b.equity().get(1), TOL);
        // per-bar mean -.025/6 over sample sd sqrt((sum x^2 - n mean^2) / 5), sum x^2 = .001527; times 2
        double perBar = (-0.025 / 6) / Math.sqrt((0.001527 - 0.025 * 0.025 / 6) / 5);
        assertEquals(2 * perBar, b.sharpe(), 1e-9);
        assertEquals(-0.24699988151912525, perBar, 1e-9); // the same by an independent calculator
    }

    @Test
    void flatForecastTakesNoRisk() {
        BacktestResult b = Backtest.run(new double[] {0, 0, 0}, new double[] {0.01, -0.01, 0.02}, Backtest.Config.DEFAULT);
        assertEquals(0, b.totalReturn(), 0);
        assertEquals(0, b.turnover(), 0);
        assertEquals(0, b.maxDrawdown(), 0);
        assertTrue(Double.isNaN(b.sharpe()));
        assertEquals(0.0, b.hitRate(), 0); // no calls made, three moves missed
        assertTrue(Double.isNaN(b.breakEvenCostBps()), "no trade: no break-even cost");
    }

    @Test
    void breakEvenCostZeroesTheNetReturn() {
        double[] forecast = {1, -1, -1, 1, 1}, realized = {0.004, -0.003, 0.001, 0.002, 0.0};
        // changes 1, 2, 0, 2, 0 = 5; gross .004 + .003 - .001 + .002 + 0 = .008 -> 16 bp
        BacktestResult b = Backtest.run(forecast, realized, new Backtest.Config(10, 1));
        assertEquals(16.0, b.breakEvenCostBps(), 1e-9);
        assertEquals(0.0, Backtest.run(forecast, realized, new Backtest.Config(b.breakEvenCostBps(), 1)).totalReturn(), 1e-15);
    }

    @Test
    void configDefaultsAndAnnualization() {
        assertEquals(10.0, Backtest.Config.DEFAULT.costBps()); // realistic for retail crypto, stated in the report
        assertEquals(Math.sqrt(525_960), Backtest.Config.forBarSeconds(60, 1).annualization(), 1e-9); // minutes in 365.25 days
        assertThrows(IllegalArgumentException.class, () -> new Backtest.Config(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Backtest.Config(1, 0));
    }

    @Test
    void forecastSetTradesItsRawReturnOutput() {
        // Fixture raw forecasts [1.5,-1.5,0.5,3.5] vs realized [2.5,-0.5,-1.5,1.5], no costs:
        // positions 1,-1,1,1: gross 2.5 + 0.5 - 1.5 + 1.5 = 3
        BacktestResult b = Backtest.run(Fixture.set(), new Backtest.Config(0, 1));
        assertEquals(3.0, b.totalReturn(), TOL);
        assertEquals(0.75, b.hitRate(), TOL);
    }
}
