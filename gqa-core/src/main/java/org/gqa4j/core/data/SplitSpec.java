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
    @JsonSubTypes.Type(value = SplitSpec.WalkForward.class, name = SplitSpec.WALK_FORWARD)})
public sealed interface SplitSpec permits SplitSpec.Chronological, SplitSpec.Rows, SplitSpec.WalkForward {

    String CHRONOLOGICAL = "chronological", ROWS = "rows", WALK_FORWARD = "walk-forward";

    /** The borders on a series of {@code bars} rows whose first position is {@code first}. */
    Split resolve(int bars, int first, int horizon);

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
        public Split resolve(int bars, int first, int horizon) {
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
        public Split resolve(int bars, int first, int horizon) {
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
        public Split resolve(int bars, int first, int horizon) {
            throw new InputException("walk-forward has " + folds + " folds; train and score one model per fold");
        }
    }
}
