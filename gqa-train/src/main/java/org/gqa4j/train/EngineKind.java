package org.gqa4j.train;

import java.util.Locale;
import org.gqa4j.core.InputException;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.engine.ModelEngine;
import org.gqa4j.core.engine.SameDiffEngine;
import org.gqa4j.core.engine.VectorEngine;

/** Which implementation computes loss and gradients. */
public enum EngineKind {
    /** The hand-written Vector API engine: the default, several times faster than SameDiff. */
    VECTOR,
    /** SameDiff's own autodiff over the model graph: the reference. */
    SAMEDIFF;

    /** Threads the vector engine uses when none are given: the current thread's budget (by default every core of this JVM). */
    public static int defaultThreads() {
        return org.gqa4j.core.ThreadBudget.threads();
    }

    public ModelEngine create(ModelConfig c, int threads) {
        if (this == SAMEDIFF) return new SameDiffEngine(c);
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new IllegalStateException("the vector training engine needs the JVM option --add-modules"
                    + " jdk.incubator.vector (the gqa launcher passes it); or choose the samediff engine");
        }
        return new VectorEngine(c, threads < 1 ? defaultThreads() : threads);
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EngineKind parse(String s) {
        for (EngineKind k : values()) if (k.id().equalsIgnoreCase(s.trim())) return k;
        throw new InputException("engine: '" + s + "' is not one of vector, samediff");
    }
}
