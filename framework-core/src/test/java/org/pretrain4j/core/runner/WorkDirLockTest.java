package org.pretrain4j.core.runner;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.Pretrain4jException;

final class WorkDirLockTest {
    @Test
    void secondRunOnTheSameWorkDirFailsNamingTheHolderUntilTheFirstReleases(@TempDir Path tmp) {
        Path workDir = tmp.resolve("run");
        try (WorkDirLock first = WorkDirLock.acquire(workDir)) {
            Pretrain4jException e = assertThrows(Pretrain4jException.class, () -> WorkDirLock.acquire(workDir));
            assertTrue(e.getMessage().contains("is in use by another run"), e.getMessage());
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(e.getMessage().contains(workDir.toAbsolutePath().toString()), e.getMessage());
            // Another directory is independent.
            WorkDirLock.acquire(tmp.resolve("other")).close();
        }
        WorkDirLock.acquire(workDir).close();
    }
}
