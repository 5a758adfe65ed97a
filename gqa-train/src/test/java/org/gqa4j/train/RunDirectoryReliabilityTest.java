package org.gqa4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.gqa4j.core.InputException;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.model.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run directories under concurrent use, kills at any moment, leftovers and tampering. */
class RunDirectoryReliabilityTest {

    @TempDir Path tmp;

    @Test
    void aSecondProcessIsRefusedNamingTheHolder() throws Exception {
        Path out = tmp.resolve("run");
        Process holder = child("hold", out);
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", r.readLine());
            InputException e = assertThrows(InputException.class, () -> TinyRun.train(out));
            assertTrue(e.getMessage().contains("in use by another gqa process (pid " + holder.pid() + ","), e.getMessage());
            assertThrows(InputException.class, () -> Trainer.inspectRun(out));
        } finally {
            holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        // the OS released the killed holder's lock: the directory is usable at once
        try (RunLock lock = new RunDirectory(out).lock()) {
            assertTrue(Files.exists(out.resolve(RunLock.FILE)));
        }
    }

    @Test
    void theLockIsExclusiveWithinOneProcessToo() {
        Path out = tmp.resolve("run");
        try (RunLock lock = new RunDirectory(out).lock()) {
            InputException e = assertThrows(InputException.class, () -> new RunDirectory(out).lock());
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
        }
    }

    @Test
    void killedAtRandomMomentsAndResumedEndsBitIdenticalToAStraightRun() throws Exception {
        TrainResult straight = TinyRun.train(tmp.resolve("straight"));
        Path out = tmp.resolve("killed");
        Random rng = new Random(20261202L); // repeatable kill times
        int killed = 0;
        List<Long> midRun = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Process p = child("train", out);
            // kill at a random moment after this child has made progress of its own (a fixed wall-clock
            // delay would, on a loaded machine, often kill a JVM that has not reached its first step)
            long before = lastStep(out);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && lastStep(out) <= before && System.nanoTime() < deadline) Thread.sleep(10);
            boolean ended = p.waitFor(rng.nextInt(400), TimeUnit.MILLISECONDS);
            if (!ended) {
                p.destroyForcibly();
                killed++;
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            Path lastCk = out.resolve(".train/last");
            if (!ended && CheckpointIO.isCheckpoint(lastCk)) { // read only: the next child must do any repair itself
                midRun.add(CheckpointIO.read(lastCk).trainerState().step());
            }
        }
        Process last = child("train", out);
        String output = new String(last.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(last.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, last.exitValue(), output);
        assertTrue(output.contains("done"), output);
        assertTrue(killed > 0, "at least one child was killed");
        assertTrue(midRun.stream().anyMatch(st -> st > 0 && st < TinyRun.STEPS), "a kill landed mid-training: " + midRun);

        Weights best = CheckpointIO.read(out).weights();
        Weights lastWeights = CheckpointIO.read(out.resolve(".train/last")).weights();
        Weights straightLast = CheckpointIO.read(tmp.resolve("straight/.train/last")).weights();
        for (String name : straight.bestWeights().asMap().keySet()) {
            assertArrayEquals(straight.bestWeights().get(name), best.get(name), 0f, name);
            assertArrayEquals(straightLast.get(name), lastWeights.get(name), 0f, name);
        }
        try (var s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temporary file is left");
        }
    }

    @Test
    void aDirectoryLeftByAKillBeforeTheFirstCheckpointStartsAfresh() throws Exception {
        Path out = tmp.resolve("run");
        Files.createDirectories(out.resolve(".train/.last.tmp-123/inner"));
        Files.createFile(out.resolve(RunDirectory.LOG_FILE));
        Files.createFile(out.resolve(RunLock.FILE));
        assertThrows(InputException.class, () -> new Trainer(null).resume(out, TinyRun.data()));
        TrainResult r = TinyRun.train(out);
        assertEquals(TrainResult.Status.COMPLETED, r.status());
        assertFalse(Files.exists(out.resolve(".train/.last.tmp-123")));
    }

    @Test
    void staleTemporariesAreRemovedAndAHalfRenamedCheckpointIsPutBack() throws Exception {
        Path out = tmp.resolve("run");
        TinyRun.train(out);
        Files.writeString(out.resolve(".weights.bin.tmp-99"), "partial");
        Files.createDirectories(out.resolve(".train/.best.tmp-5/x"));
        Files.move(out.resolve(".train/last"), out.resolve(".train/.last.old-7")); // killed between the renames
        Trainer.RunInfo info = Trainer.inspectRun(out);
        assertEquals(TinyRun.STEPS, info.step());
        assertFalse(Files.exists(out.resolve(".weights.bin.tmp-99")));
        assertFalse(Files.exists(out.resolve(".train/.best.tmp-5")));
        assertTrue(Files.isDirectory(out.resolve(".train/last")));
    }

    @Test
    void aManifestNamingOutsideFilesIsRefusedAndDeletesNothing() throws Exception {
        Path out = tmp.resolve("run");
        TinyRun.train(out);
        Path victim = tmp.resolve("victim.txt");
        Files.writeString(victim, "keep");
        Files.writeString(out.resolve("checksums.sha256"), "0".repeat(64) + "  " + victim + "\n" + "0".repeat(64)
                + "  ../victim.txt\n", StandardOpenOption.APPEND);
        InputException e = assertThrows(InputException.class, () -> new Trainer(null).resume(out, TinyRun.data()));
        assertTrue(e.getMessage().contains("checksums.sha256, line"), e.getMessage());
        assertEquals("keep", Files.readString(victim));
    }

    @Test
    void aDanglingSymlinkAsOutIsAnInputError() throws Exception {
        Path link = tmp.resolve("link");
        Files.createSymbolicLink(link, tmp.resolve("missing/target"));
        InputException e = assertThrows(InputException.class, () -> TinyRun.train(link));
        assertTrue(e.getMessage().contains("dangling symbolic link"), e.getMessage());
    }

    /** The step of the last published checkpoint, -1 if none can be read now (it may be being replaced). */
    private static long lastStep(Path out) {
        try {
            Path lastCk = out.resolve(".train/last");
            return CheckpointIO.isCheckpoint(lastCk) ? CheckpointIO.read(lastCk).trainerState().step() : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static Process child(String mode, Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                TinyRun.class.getName(), mode, out.toString()));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
