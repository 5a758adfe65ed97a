package org.gqa4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    private static ProgressListener.Progress at(long step) {
        return new ProgressListener.Progress(step, 100, 0.5, step >= 50 ? 0.4 : Double.NaN, 0.4, 1e-3, 1.0, 12345, step, 100 - step);
    }

    @Test
    void plainLinesComeEveryTenthOrInterval() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        ConsoleProgress p = new ConsoleProgress(new PrintStream(buf, true, StandardCharsets.UTF_8), false, 10, clock::get);
        for (long s = 1; s <= 100; s++) {
            clock.addAndGet(10_000_000L); // 10 ms per step: the interval never fires
            p.update(at(s));
        }
        String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(11, lines.length, "first update and every 10 %");
        assertTrue(lines[0].startsWith("step 1/100 (1%) loss 0.50000 val - lr 1.00e-03 12,345 bars/s"), lines[0]);
        assertTrue(lines[10].startsWith("step 100/100 (100%)") && lines[10].contains("val 0.4000"), lines[10]);
        assertTrue(!buf.toString(StandardCharsets.UTF_8).contains("\r"));
    }

    @Test
    void aTerminalGetsOneRedrawnBar() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        ConsoleProgress p = new ConsoleProgress(new PrintStream(buf, true, StandardCharsets.UTF_8), true, 0.1, clock::get);
        for (long s = 1; s <= 100; s++) {
            clock.addAndGet(50_000_000L); // 50 ms per step: a redraw every other step
            p.update(at(s));
        }
        p.finished("done");
        String text = buf.toString(StandardCharsets.UTF_8);
        long redraws = text.chars().filter(ch -> ch == '\r').count();
        assertTrue(redraws >= 45 && redraws <= 55, redraws + " redraws");
        assertTrue(text.contains("[########################] 100% step 100/100 loss 0.5000 val 0.4000 12,345 bars/s ETA 0s"), text);
        assertTrue(text.endsWith("\ndone\n"), text);
        assertEquals("1m15s", ConsoleProgress.duration(75));
        assertEquals("1h02m", ConsoleProgress.duration(3725));
    }

    @Test
    void theLastUpdateIsShownEvenBetweenRedrawsAndTheSummaryCanBeLeftToTheCaller() {
        for (boolean terminal : new boolean[] {true, false}) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            AtomicLong clock = new AtomicLong();
            ConsoleProgress p = new ConsoleProgress(new PrintStream(buf, true, StandardCharsets.UTF_8), terminal, 10, clock::get)
                    .withoutSummary();
            for (long s = 1; s <= 37; s++) { // interrupted at step 37 of 100, 1 ms per step
                clock.addAndGet(1_000_000L);
                p.update(at(s));
            }
            p.finished("training interrupted at step 37 of 100");
            String text = buf.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains(terminal ? "]  37% step 37/100 " : "step 37/100 (37%)"), text);
            assertTrue(!text.contains("interrupted"), "the caller reports the end: " + text);
        }
        assertEquals("1h02m", ConsoleProgress.duration(3725));
    }
}
