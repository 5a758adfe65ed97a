package org.gqa4j.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.gqa4j.core.InputException;

/**
 * Where uptraining a converted model starts its learning rate, a property of the parent's recipe
 * because the right answer depends on the data it was tuned for (measured; see the README's
 * benchmark sections):
 * <ul>
 *   <li>{@code final}: continue at the rate the parent's schedule ended on
 *       ({@code learning_rate x min_lr_ratio}) and decays from there. On BTC 1-minute returns re-warming made every
 *       model worse, the unconverted parent included, so this is the default.</li>
 *   <li>{@code peak}: repeat the parent's schedule in miniature (warmup scaled to the budget, the
 *       peak rate, cosine to the final rate), Ainslie et al.'s "same recipe". On ETTh1 it
 *       recovered most of what mean pooling lost where the final rate left most of it.</li>
 * </ul>
 */
public enum UptrainRate {
    FINAL, PEAK;

    /** Jackson's filter that leaves the default out of a written recipe. */
    public static final class IsDefault {
        @Override
        public boolean equals(Object value) {
            return value == null || value == FINAL;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    @JsonValue
    public String id() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static UptrainRate of(String id) {
        for (UptrainRate r : values()) if (r.id().equals(id)) return r;
        throw new InputException("uptrain_lr: '" + id + "' is not one of "
                + Arrays.stream(values()).map(UptrainRate::id).collect(Collectors.joining(", ")));
    }
}
