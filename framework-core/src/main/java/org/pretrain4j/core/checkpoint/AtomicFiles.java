package org.pretrain4j.core.checkpoint;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes files so that a crash at any moment leaves either the old file or the complete new one under the target
 * name, never a partial one: the content goes to a temp file in the same directory, is flushed to disk with
 * {@code fsync}, renamed over the target atomically, and the directory entry is flushed too.
 *
 * <p>Temp files are named {@code <target name>.tmp-<pid>-<n>}, so leftovers of a killed process can be recognised
 * and removed later by {@link #deleteStaleTemps(Path)}.
 */
public final class AtomicFiles {
    /** What every temp file name contains after the target's name. */
    public static final String TEMP_MARKER = ".tmp-";

    private static final Pattern TEMP_NAME = Pattern.compile(".+\\.tmp-(\\d+)-(\\d+)");
    private static final AtomicLong COUNTER = new AtomicLong();
    /** Temp files this process is writing now: never stale, whatever their pid says. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    private AtomicFiles() {}

    /** Writes a file's content into an open channel. */
    @FunctionalInterface
    public interface ChannelWriter {
        /**
         * Writes the whole content.
         *
         * @param channel the temp file, positioned at 0
         * @throws IOException if writing fails; the temp file is then deleted and the target left alone
         */
        void write(FileChannel channel) throws IOException;
    }

    /**
     * Replaces {@code target} atomically with what {@code body} writes. If {@code body} or any step throws, the
     * temp file is deleted and {@code target} is unchanged (or still absent).
     *
     * @param target the file to create or replace
     * @param body writes the content
     * @throws IOException if the file cannot be written, flushed or renamed
     */
    public static void write(Path target, ChannelWriter body) throws IOException {
        requireNonNull(target, "target is null");
        requireNonNull(body, "body is null");
        Path abs = target.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        Path temp = abs.resolveSibling(abs.getFileName() + TEMP_MARKER + ProcessHandle.current().pid() + "-"
                + COUNTER.incrementAndGet());
        IN_FLIGHT.add(temp);
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                body.write(ch);
                // Data and size must be on disk before the rename makes them visible under the real name.
                ch.force(true);
            }
            Files.move(temp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            fsyncDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
            IN_FLIGHT.remove(temp);
        }
    }

    /**
     * Replaces {@code target} atomically with a UTF-8 string.
     *
     * @param target the file
     * @param content the text
     * @throws IOException if the file cannot be written
     */
    public static void writeString(Path target, String content) throws IOException {
        requireNonNull(content, "content is null");
        ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
        write(target, ch -> writeFully(ch, bytes));
    }

    /**
     * Writes all remaining bytes of a buffer ({@link FileChannel#write} may write fewer).
     *
     * @param channel the channel
     * @param buffer the bytes, consumed
     * @throws IOException if writing fails
     */
    public static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /**
     * Tells whether a file name is one of this class's temp files.
     *
     * @param file the file
     * @return true for {@code <name>.tmp-<pid>-<n>}
     */
    public static boolean isTempFile(Path file) {
        return TEMP_NAME.matcher(file.getFileName().toString()).matches();
    }

    /**
     * Deletes temp files left in {@code dir} by writes that never finished: those of processes no longer alive, and
     * this process's own that are not being written now. Temp files of other live processes are kept, since they may
     * still be renamed into place.
     *
     * @param dir the directory; nothing happens if it does not exist
     * @return how many files were deleted
     * @throws IOException if the directory cannot be listed or a file cannot be deleted
     */
    public static int deleteStaleTemps(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long self = ProcessHandle.current().pid();
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Matcher m = TEMP_NAME.matcher(f.getFileName().toString());
                if (!m.matches() || IN_FLIGHT.contains(f.toAbsolutePath().normalize())) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    pid = -1;
                }
                boolean stale = pid == self || pid < 0 || ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
                if (stale && Files.isRegularFile(f)) {
                    try {
                        Files.delete(f);
                        deleted++;
                    } catch (NoSuchFileException ignored) {
                        // removed concurrently: the goal is reached either way
                    }
                }
            }
        }
        return deleted;
    }

    /**
     * Flushes a directory so that a rename in it survives a power loss. Only POSIX systems allow opening a directory;
     * elsewhere the rename is as durable as the platform makes it, so failure is ignored.
     */
    private static void fsyncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not supported here (e.g. Windows); the file itself is already on disk.
        }
    }
}
