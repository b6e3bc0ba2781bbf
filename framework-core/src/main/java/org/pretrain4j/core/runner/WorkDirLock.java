package org.pretrain4j.core.runner;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.pretrain4j.api.Pretrain4jException;

/**
 * An exclusive lock on a work directory for the length of a training run, so that two runs pointed at the same
 * directory fail fast instead of interleaving checkpoints. It is an operating-system file lock: a run that is killed
 * releases it with its process, so a crash never leaves a stale lock behind. The lock file keeps the holder's pid
 * and start time for the error message and is left in place (deleting it would race with a waiting run).
 */
public final class WorkDirLock implements AutoCloseable {
    /** The lock file's name inside the work directory. */
    public static final String FILE_NAME = ".pretrain4j.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private WorkDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock, creating the work directory if needed.
     *
     * @param workDir the run's work directory
     * @return the held lock; close it when the run ends
     * @throws Pretrain4jException if another run (in this or another process) holds it, or the file cannot be made
     */
    public static WorkDirLock acquire(Path workDir) {
        requireNonNull(workDir, "workDir is null");
        Path file = workDir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(workDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another run inside this JVM
            }
            if (lock == null) {
                String holder = readHolder(channel);
                channel.close();
                throw new Pretrain4jException("work dir " + workDir.toAbsolutePath() + " is in use by another run"
                        + (holder.isEmpty() ? "" : " (" + holder + ")") + "; wait for it to finish or choose another "
                        + "--work-dir");
            }
            channel.truncate(0);
            String holder = "pid " + ProcessHandle.current().pid() + ", started " + Instant.now();
            channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new WorkDirLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new Pretrain4jException("cannot lock work dir " + workDir.toAbsolutePath() + " (" + file + "): "
                    + e.getMessage(), e);
        }
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing with a clearer message.
            }
        }
    }

    /** Releases the lock. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases it too.
        }
        closeQuietly(channel);
    }
}
