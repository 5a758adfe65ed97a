package org.gqa4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's publish rule on a Hadoop file system: whole results under final names, once. */
class HadoopResultStoreTest {

    @TempDir Path tmp;

    private HadoopResultStore store() throws Exception {
        return new HadoopResultStore(tmp.resolve("run").toUri().toString(), new Configuration(), Files.createTempDirectory(tmp, "scratch"));
    }

    private static Path attempt(HadoopResultStore s, String key, String name, String content) throws Exception {
        Path dir = s.begin(key, name);
        Files.createDirectories(dir.resolve("model"));
        Files.writeString(dir.resolve("model").resolve("weights.bin"), content);
        Files.writeString(dir.resolve("job.json"), "{}");
        return dir;
    }

    @Test
    void aSecondAttemptAtAPublishedKeyIsDiscarded() throws Exception {
        HadoopResultStore s = store();
        assertFalse(s.has("k1"));
        assertTrue(s.publish("k1", attempt(s, "k1", "a0", "first")));
        assertFalse(s.publish("k1", attempt(s, "k1", "a1", "second")), "a retried task does not publish twice");
        assertTrue(s.has("k1"));
        Path published = s.local("k1");
        assertEquals("first", Files.readString(published.resolve("model/weights.bin")));
        try (var l = Files.list(published)) {
            assertEquals(List.of("job.json", "model"), l.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no attempt nested inside the result, no checksum side files");
        }
        assertEquals(tmp.resolve("run/jobs/k1").toString(), s.location("k1"), "a local run directory is named by its path");
        try (var l = Files.list(tmp.resolve("run/jobs"))) {
            assertEquals(1, l.count());
        }
    }

    @Test
    void aFailedUploadLeavesNothingAndAnUnfinishedOneIsCleanedLater() throws Exception {
        HadoopResultStore s = store();
        Path a = attempt(s, "k2", "a0", "x");
        System.setProperty(FaultHooks.FAIL_FIRST_ATTEMPT, "job k2");
        FaultHooks.running("job k2");
        try {
            // outside a Spark task the hook never fires: the upload goes through
            assertTrue(s.publish("k2", a));
        } finally {
            FaultHooks.running(null);
            System.clearProperty(FaultHooks.FAIL_FIRST_ATTEMPT);
        }
        assertFalse(Files.exists(a), "the local attempt is removed once published");
        // what a killed upload leaves: a temporary name, never read as a result
        Files.createDirectories(tmp.resolve("run/jobs/.tmp-k3-stage1-task7-a0/model"));
        assertFalse(s.has("k3"));
        assertEquals(1, s.clean());
        assertFalse(Files.exists(tmp.resolve("run/jobs/.tmp-k3-stage1-task7-a0")));
        assertTrue(s.has("k2"), "clean removes only unfinished attempts");
    }

    @Test
    void runFilesAreReplacedWhole() throws Exception {
        HadoopResultStore s = store();
        assertEquals(tmp.resolve("run/results.json").toString(), s.writeFile("results.json", "{\"a\":1}"));
        s.writeFile("results.json", "{\"a\":2}");
        assertEquals("{\"a\":2}", Files.readString(tmp.resolve("run/results.json")));
        try (var l = Files.list(tmp.resolve("run"))) {
            assertEquals(List.of("jobs", "results.json"), l.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
