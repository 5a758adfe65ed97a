package org.gqa4j.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.gqa4j.core.Excerpt;
import org.gqa4j.core.InputException;
import org.gqa4j.core.IoErrors;

/**
 * The exclusive lock of a run directory: an OS file lock ({@link FileChannel#tryLock}) on
 * {@code OUT/.lock}, which holds the owner's pid. The OS drops the lock when its process dies,
 * however it dies, so a killed run never leaves a lock behind; the file itself may stay.
 */
final class RunLock implements AutoCloseable {

    static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code dir} (which exists), or an InputException naming the holder. */
    static RunLock acquire(Path dir) {
        Path file = dir.resolve(FILE);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(IoErrors.named(file, e));
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process (another trainer in the same JVM)
        } catch (IOException e) {
            closeQuietly(ch);
            throw new java.io.UncheckedIOException(IoErrors.named(file, e));
        }
        if (lock == null) {
            String holder = holder(ch);
            closeQuietly(ch);
            throw InputException.in(dir, "is in use by another gqa process (pid " + holder + ", lock " + file
                    + "); wait for it to finish or stop it, then run again");
        }
        try {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
        } catch (IOException e) {
            new RunLock(ch, lock).close();
            throw new java.io.UncheckedIOException(IoErrors.named(file, e));
        }
        return new RunLock(ch, lock);
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            String pid = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
            return pid.matches("\\d{1,10}") ? pid : "unknown: " + Excerpt.of(pid);
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) lock.release();
        } catch (IOException e) {
            // the channel's close below releases it as well
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
