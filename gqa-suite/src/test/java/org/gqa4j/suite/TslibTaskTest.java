package org.gqa4j.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.data.SplitSpec;
import org.gqa4j.eval.report.Report;
import org.gqa4j.eval.report.ReportJson;
import org.gqa4j.suite.graph.SuiteRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A suite task accepts the Time-Series-Library splits by name, and its report scores every test window of them. */
class TslibTaskTest {

    @TempDir Path tmp;

    @Test
    void aTslibCustomTaskScoresEveryTestWindow() throws Exception {
        Path suite = tmp.resolve("tslib.yaml");
        Files.writeString(suite, """
                tasks: [{name: t, data: synthetic, targets: [return], context: 8, split: {kind: tslib-custom}}]
                parent: {layers: 1, d_model: 8, heads: 2, ffn: 16, steps: 4, batch: 4}
                models: [{name: mha, kind: parent}]
                evaluation: {instruments: 1, latency: false, memory_samples: 0}
                """);
        SuiteRun.Outcome o = SuiteRun.run(suite, tmp.resolve("run"), l -> {});
        JsonNode task = ConfigJson.MAPPER.readTree(Path.of(o.results()).toFile()).get("tasks").get(0);
        Report r = ReportJson.read(Path.of(task.get("report_json").asText()));
        // 20,000 bars: test int(20000 * 0.2) = 4,000 rows from row 20000 - 4000 - 8; horizon 1:
        // positions [15999, 19999), all 4,000 scored
        assertEquals(4000, r.dataset().testPositions());
        assertEquals(new SplitSpec.TslibCustom(), ConfigJson.MAPPER.readValue(r.task().split(), SplitSpec.class));
    }
}
