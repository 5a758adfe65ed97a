package org.gqa4j.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz tests of every reader of foreign input. In {@code mvn verify} they run in
 * regression mode: each input of the checked-in corpus
 * ({@code src/test/resources/org/gqa4j/core/fuzz/InputFuzzTestInputs/METHOD/}) once. A real
 * fuzzing session: {@code JAZZER_FUZZ=1 mvn -pl gqa-core test -Dtest=InputFuzzTest#csvLoader}
 * (see README, Reliability); any crash it finds is written to that directory and replayed from
 * then on.
 */
class InputFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void csvLoader(byte[] input) {
        FuzzTargets.csv(input);
    }

    @FuzzTest(maxDuration = "60s")
    void jsonLoader(byte[] input) {
        FuzzTargets.json(input);
    }

    @FuzzTest(maxDuration = "60s")
    void checkpointReader(byte[] input) {
        FuzzTargets.checkpoint(input);
    }

    @FuzzTest(maxDuration = "60s")
    void configParser(byte[] input) {
        FuzzTargets.config(input);
    }
}
