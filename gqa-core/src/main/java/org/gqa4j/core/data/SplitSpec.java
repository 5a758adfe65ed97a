package org.gqa4j.core.data;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.ArrayList;
import java.util.List;
import org.gqa4j.core.InputException;

/**
 * How a series is cut into train, validation and test positions: the one home of splits. A
 * position is the row of a window's last input bar; positions start at the first row with a
 * defined feature. Every kind drops the last {@code horizon} positions of the train and of the
 * validation block (the embargo), so no target of an earlier block reads a bar of a later one.
 * A kind {@link #resolve}s to concrete borders for a series of a given length; walk-forward
 * {@link #folds} into one {@link Rows} per fold. Stored in {@code data_prep.json} as
 * {@code {"kind": ..., ...}} so evaluation reproduces the split a model was trained with.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SplitSpec.Chronological.class, name = SplitSpec.CHRONOLOGICAL),
    @JsonSubTypes.Type(value = SplitSpec.Rows.class, name = SplitSpec.ROWS),
    @JsonSubTypes.Type(value = SplitSpec.WalkForward.class, name = SplitSpec.WALK_FORWARD),
    @JsonSubTypes.Type(value = SplitSpec.TslibEttHour.class, name = SplitSpec.TSLIB_ETT_HOUR),
    @JsonSubTypes.Type(value = SplitSpec.TslibEttMinute.class, name = SplitSpec.TSLIB_ETT_MINUTE),
    @JsonSubTypes.Type(value = SplitSpec.TslibCustom.class, name = SplitSpec.TSLIB_CUSTOM)})
public sealed interface SplitSpec permits SplitSpec.Chronological, SplitSpec.Rows, SplitSpec.WalkForward,
        SplitSpec.TslibEttHour, SplitSpec.TslibEttMinute, SplitSpec.TslibCustom {

    String CHRONOLOGICAL = "chronological", ROWS = "rows", WALK_FORWARD = "walk-forward",
            TSLIB_ETT_HOUR = "tslib-ett-hour", TSLIB_ETT_MINUTE = "tslib-ett-minute", TSLIB_CUSTOM = "tslib-custom";

    /** The names {@link #parse} accepts, for help texts and errors. */
    String SYNTAX = "chronological[:TRAIN,VAL] (fractions, default 0.7,0.1), rows:TRAIN_END,VAL_END,TEST_END (positions), "
            + TSLIB_ETT_HOUR + ", " + TSLIB_ETT_MINUTE + " or " + TSLIB_CUSTOM;

    /**
     * The borders on a series of {@code bars} rows whose first position is {@code first}, for
     * windows of {@code context} bars (only the Time-Series-Library kinds, whose later splits start
     * {@code context} rows early, depend on it).
     */
    Split resolve(int bars, int first, int horizon, int context);

    /** The single-model splits this spec stands for: itself, or one per walk-forward fold. */
    default List<SplitSpec> folds(int bars, int first, int horizon) {
        return List.of(this);
    }

    /** The default: valid positions divided {@code train}/{@code val}/rest in time order. */
    record Chronological(@JsonProperty("train") double train, @JsonProperty("val") double val) implements SplitSpec {
        public static final Chronological DEFAULT = new Chronological(DataPrep.TRAIN_FRACTION, DataPrep.VAL_FRACTION);

        public Chronological {
            if (!(train > 0 && val > 0 && train + val < 1)) {
                throw new InputException("split fractions must be > 0 and leave room for a test split: train "
                        + train + ", validation " + val);
            }
        }

        @Override
        public Split resolve(int bars, int first, int horizon, int context) {
            return Split.of(bars, first, horizon, train, val);
        }
    }

    /**
     * Explicit borders in positions: train {@code [first, trainEnd)}, validation
     * {@code [trainEnd, valEnd)}, test {@code [valEnd, testEnd)} (embargo dropped from the first
     * two; the test also stops where targets would run past the series).
     */
    record Rows(@JsonProperty("train_end") int trainEnd, @JsonProperty("val_end") int valEnd,
                @JsonProperty("test_end") int testEnd) implements SplitSpec {
        public Rows {
            if (!(0 < trainEnd && trainEnd < valEnd && valEnd < testEnd)) {
                throw new InputException("split rows must satisfy 0 < train_end < val_end < test_end, got "
                        + trainEnd + ", " + valEnd + ", " + testEnd);
            }
        }

        @Override
        public Split resolve(int bars, int first, int horizon, int context) {
            int end = Math.min(testEnd, bars - horizon);
            return new Split(first, trainEnd - horizon, trainEnd, trainEnd, valEnd - horizon, valEnd, end);
        }
    }

    /**
     * Expanding-window walk-forward: the last {@code test} fraction of the valid positions is cut
     * into {@code folds} consecutive, disjoint test blocks; fold k validates on the {@code val}
     * fraction just before its block and trains on everything before that, so no fold's model
     * sees a bar of its own test period or later.
     */
    record WalkForward(@JsonProperty("folds") int folds, @JsonProperty("val") double val,
                       @JsonProperty("test") double test) implements SplitSpec {
        public WalkForward {
            if (folds < 1) throw new InputException("walk-forward needs folds >= 1, got " + folds);
            if (!(val > 0 && test > 0 && val + test < 1)) {
                throw new InputException("walk-forward fractions must be > 0 and leave room for training: val "
                        + val + ", test " + test);
            }
        }

        @Override
        public List<SplitSpec> folds(int bars, int first, int horizon) {
            int m = Math.max(0, bars - horizon - first);
            int block = (int) Math.floor(test * m / folds + 1e-9);
            int nVal = (int) Math.floor(val * m + 1e-9);
            int testStart = first + m - block * folds;
            if (block < 1 || testStart - nVal - first < 1 || nVal < 1) {
                throw new InputException("too short for walk-forward: " + bars + " bars give " + m + " positions, "
                        + folds + " test blocks of " + block + " and " + nVal + " validation positions");
            }
            List<SplitSpec> out = new ArrayList<>();
            for (int k = 0; k < folds; k++) {
                int s = testStart + k * block;
                out.add(new Rows(s - nVal, s, k == folds - 1 ? first + m : s + block));
            }
            return out;
        }

        /** A walk-forward spec is a family of splits: one model per fold, never resolved as one. */
        @Override
        public Split resolve(int bars, int first, int horizon, int context) {
            throw new InputException("walk-forward has " + folds + " folds; train and score one model per fold");
        }
    }

    /**
     * Time-Series-Library {@code Dataset_ETT_hour}: train rows [0, 8640), validation
     * [8640 - L, 11520), test [11520 - L, 14400) with L = context (12, 4 and 4 months of hourly rows;
     * later rows are unused). See {@link #tslib} for the positions.
     */
    record TslibEttHour() implements SplitSpec {
        @Override
        public String toString() {
            return TSLIB_ETT_HOUR;
        }

        @Override
        public Split resolve(int bars, int first, int horizon, int context) {
            return tslib(TSLIB_ETT_HOUR, bars, first, horizon, context, 8640, 11520, 14400);
        }
    }

    /** Time-Series-Library {@code Dataset_ETT_minute}: the ETT-hour borders times 4 (15-minute rows). */
    record TslibEttMinute() implements SplitSpec {
        @Override
        public String toString() {
            return TSLIB_ETT_MINUTE;
        }

        @Override
        public Split resolve(int bars, int first, int horizon, int context) {
            return tslib(TSLIB_ETT_MINUTE, bars, first, horizon, context, 4 * 8640, 4 * 11520, 4 * 14400);
        }
    }

    /**
     * Time-Series-Library {@code Dataset_Custom}: of n rows, train {@code int(n * 0.7)}, test
     * {@code int(n * 0.2)}, validation the rest; train rows [0, train), validation
     * [train - L, train + val), test [n - test - L, n).
     */
    record TslibCustom() implements SplitSpec {
        @Override
        public String toString() {
            return TSLIB_CUSTOM;
        }

        @Override
        public Split resolve(int bars, int first, int horizon, int context) {
            int numTrain = (int) (bars * 0.7); // Python's int(len * 0.7): the same double product, truncated
            int numTest = (int) (bars * 0.2);
            int numVal = bars - numTrain - numTest;
            return tslib(TSLIB_CUSTOM, bars, first, horizon, context, numTrain, numTrain + numVal, bars);
        }
    }

    /**
     * The positions of a Time-Series-Library split whose blocks end at rows {@code trainEnd},
     * {@code valEnd}, {@code testEnd}. A TSlib sample starting at row s reads inputs [s, s + L)
     * and targets [s + L, s + L + H) inside its block, and the blocks after train start L rows
     * early; as positions (the row of the last input bar): train [L - 1, trainEnd - H), validation
     * [trainEnd - 1, valEnd - H), test [valEnd - 1, testEnd - H). The train block, whose rows
     * the scaler is fitted on, is [0, trainEnd). Every test window is scored.
     */
    private static Split tslib(String kind, int bars, int first, int horizon, int context,
                               int trainEnd, int valEnd, int testEnd) {
        if (bars < testEnd) {
            throw new InputException("split " + kind + " needs at least " + testEnd + " rows (its test block ends at row "
                    + testEnd + "), the series has " + bars);
        }
        if (context > trainEnd) {
            throw new InputException("split " + kind + ": context " + context + " is longer than the train block of "
                    + trainEnd + " rows");
        }
        return new Split(Math.max(first, context - 1), trainEnd - horizon, trainEnd,
                Math.max(first, trainEnd - 1), valEnd - horizon, Math.max(first, valEnd - 1), testEnd - horizon);
    }

    /**
     * A split named on the command line: see {@link #SYNTAX}. Walk-forward stands for one model
     * per fold, so it is a suite's split, not one training run's.
     */
    static SplitSpec parse(String text) {
        String s = text.trim();
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        String args = colon < 0 ? null : s.substring(colon + 1);
        double[] v = args == null ? new double[0] : numbers(text, args);
        switch (name) {
            case CHRONOLOGICAL:
                if (v.length == 0) return Chronological.DEFAULT;
                if (v.length == 2) return new Chronological(v[0], v[1]);
                break;
            case ROWS:
                if (v.length == 3 && v[0] == (int) v[0] && v[1] == (int) v[1] && v[2] == (int) v[2]) {
                    return new Rows((int) v[0], (int) v[1], (int) v[2]);
                }
                break;
            case TSLIB_ETT_HOUR:
                if (args == null) return new TslibEttHour();
                break;
            case TSLIB_ETT_MINUTE:
                if (args == null) return new TslibEttMinute();
                break;
            case TSLIB_CUSTOM:
                if (args == null) return new TslibCustom();
                break;
            case WALK_FORWARD:
                throw new InputException("--split " + text + ": walk-forward trains one model per fold; run it as a suite"
                        + " task (gqa suite run), or train one fold with rows:TRAIN_END,VAL_END,TEST_END");
            default:
                break;
        }
        throw new InputException("--split " + text + " is not a split; expected " + SYNTAX);
    }

    private static double[] numbers(String text, String args) {
        String[] parts = args.split(",", -1);
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new InputException("--split " + text + ": '" + parts[i] + "' is not a number; expected " + SYNTAX);
            }
            if (!Double.isFinite(v[i]) || Math.abs(v[i]) > Integer.MAX_VALUE) {
                throw new InputException("--split " + text + ": '" + parts[i] + "' is out of range");
            }
        }
        return v;
    }
}
