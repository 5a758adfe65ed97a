package org.gqa4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.gqa4j.suite.file.ParentSpec;
import org.gqa4j.suite.file.SuiteFile;
import org.gqa4j.suite.file.SuiteSpec;
import org.gqa4j.suite.graph.SuiteRun;

/**
 * The main job (SPEC 10) is the suite {@code suites/demo.yaml}, shipped on the classpath so that
 * {@code gqa demo} works from any directory: this class only reads it and runs it.
 */
final class Demo {

    static final String RESOURCE = "/suites/demo.yaml";

    private Demo() {}

    /** The shipped demo suite, with the parent's steps replaced when {@code steps} is given. */
    static SuiteSpec suite(Long steps) {
        SuiteSpec s;
        try (InputStream in = Demo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("the demo suite " + RESOURCE + " is missing from the jar");
            s = SuiteFile.parse(in, "demo.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (steps == null) return s;
        ParentSpec p = s.parent();
        return new SuiteSpec(s.name(), s.description(), s.seeds(), s.tasks(), new ParentSpec(p.layers(), p.dModel(), p.heads(), p.ffn(),
                p.dropout(), steps, p.batch(), p.lr(), p.evalEvery(), p.patience()), s.models(), s.evaluation());
    }

    static SuiteRun.Outcome run(Path out, Long steps, Consumer<String> progress) {
        return SuiteRun.run(suite(steps), Path.of("").toAbsolutePath(), out, progress);
    }
}
