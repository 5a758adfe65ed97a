package org.gqa4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gqa4j.core.checkpoint.CheckpointIO;

/** Accepts either a checkpoint directory or a training run directory holding one as {@code model/}. */
final class Checkpoints {

    static final String RUN_MODEL = "model";

    private Checkpoints() {}

    static Path resolve(Path given) {
        if (!CheckpointIO.isCheckpoint(given) && Files.isDirectory(given.resolve(RUN_MODEL))) {
            return given.resolve(RUN_MODEL);
        }
        return given;
    }
}
