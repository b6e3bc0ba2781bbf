package org.pretrain4j.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void writesAndReplaces() throws Exception {
        Path f = dir.resolve("last_checkpoint");
        AtomicFiles.writeString(f, "epoch_1.safetensors");
        AtomicFiles.writeString(f, "epoch_2.safetensors");
        assertEquals("epoch_2.safetensors", Files.readString(f));
        assertEquals(List.of("last_checkpoint"), names());
    }

    @Test
    void failureMidWriteKeepsTheOldContentAndRemovesTheTempFile() throws Exception {
        Path f = dir.resolve("a.bin");
        AtomicFiles.writeString(f, "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, ch -> {
            AtomicFiles.writeFully(ch, ByteBuffer.wrap("new, partial".getBytes(StandardCharsets.UTF_8)));
            assertEquals(1, names().stream().filter(n -> n.startsWith("a.bin.tmp-")).count(), "temp file in use");
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("a.bin"), names());

        Path absent = dir.resolve("b.bin");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(absent, ch -> {
            throw new IllegalStateException("boom");
        }));
        assertFalse(Files.exists(absent));
        assertEquals(List.of("a.bin"), names());
    }

    @Test
    void staleTempsOfDeadProcessesAndOfThisOneAreDeleted() throws Exception {
        long self = ProcessHandle.current().pid();
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(self);
        Path dead = Files.writeString(dir.resolve("epoch_1.safetensors.tmp-999999999-1"), "x");
        Path mine = Files.writeString(dir.resolve("epoch_1.safetensors.tmp-" + self + "-77"), "x");
        Path live = Files.writeString(dir.resolve("epoch_2.safetensors.tmp-" + parent + "-3"), "x");
        Path other = Files.writeString(dir.resolve("epoch_1.safetensors"), "x");
        assertTrue(AtomicFiles.isTempFile(dead) && AtomicFiles.isTempFile(mine) && !AtomicFiles.isTempFile(other));

        int deleted = AtomicFiles.deleteStaleTemps(dir);

        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(mine));
        assertTrue(Files.exists(other));
        if (parent != self) {
            assertTrue(Files.exists(live), "a live process's temp file may still be renamed into place");
            assertEquals(2, deleted);
        }
    }
}
