package org.gqa4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gqa4j.suite.file.ModelSpec;
import org.gqa4j.suite.file.SuiteFile;
import org.gqa4j.suite.file.SuiteSpec;
import org.gqa4j.suite.graph.SuitePlanner;
import org.junit.jupiter.api.Test;

/** The main job is the shipped suite: it parses, it is the file at the repository root, and its plan holds the study. */
class DemoTest {

    @Test
    void theShippedDemoSuiteIsTheRepositoryFileAndStatesTheStudy() throws Exception {
        SuiteSpec s = Demo.suite(null);
        Path file = Path.of("..", "suites", "demo.yaml");
        if (Files.exists(file)) assertEquals(SuiteFile.read(file), s, "the classpath copy is the repository's suites/demo.yaml");
        assertEquals("btc-usd-1m", s.tasks().get(0).data());
        assertEquals("return", s.tasks().get(0).headline());
        assertEquals(10.0, s.tasks().get(0).costBps());
        List<String> rows = s.models().stream().filter(m -> !m.sweepOnly()).map(ModelSpec::name).toList();
        assertEquals(List.of("mha", "gqa4-mean", "gqa4-regroup-aligned", "gqa2-mean", "gqa2-regroup-aligned", "gqa1-mean",
                "gqa1-regroup-aligned", "mha-continued", "gqa2-scratch"), rows);
        // the controls
        assertTrue(s.models().stream().anyMatch(m -> m.kind().equals(ModelSpec.CONTINUED)));
        assertTrue(s.models().stream().anyMatch(m -> m.kind().equals(ModelSpec.SCRATCH)));
        assertEquals(List.of(1L, 2L), s.models().get(0).seeds(), "two parent seeds");

        SuitePlanner plan = SuitePlanner.plan(s, Path.of("."), "test");
        long trains = plan.graph().jobs().stream().filter(j -> j.kind().equals("train")).count();
        assertEquals(3, trains, "two parents and the from-scratch control");
        assertEquals(1, plan.tasks().size());
        assertEquals(2 + 6 + 2 + 12 + 18, plan.tasks().get(0).models().size(), "every scored (model, seed)");
    }

    @Test
    void stepsReplaceTheParentsSteps() {
        assertEquals(50L, Demo.suite(50L).parent().steps());
        assertEquals(2000L, Demo.suite(null).parent().steps());
    }
}
