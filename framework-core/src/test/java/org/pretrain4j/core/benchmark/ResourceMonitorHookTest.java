package org.pretrain4j.core.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.train.RunInfo;
import org.pretrain4j.core.build.ComponentBuilder;

/** The soak hook reads the kernel's figures, compares the end with its reference iteration, and checks its config. */
final class ResourceMonitorHookTest {
    private static final long MIB = 1 << 20;

    private static RunInfo at(long iteration) {
        return new RunInfo(Path.of("work"), 0, iteration, 10, 0.1, Map.of());
    }

    private static ProcessResources mib(long rss, int files, int threads) {
        return new ProcessResources(rss * MIB, files, threads, threads - 10, 0);
    }

    /** Runs the hook over iterations 1..10 and the end, with readings taken from the queue in order. */
    private static ResourceMonitorHook run(ResourceMonitorHook.Spec spec, List<ProcessResources> readings,
            List<Long> readAt) {
        Deque<ProcessResources> queue = new ArrayDeque<>(readings);
        long[] iter = {0};
        ResourceMonitorHook hook = new ResourceMonitorHook(spec, () -> {
            readAt.add(iter[0]);
            return queue.removeFirst();
        });
        for (iter[0] = 1; iter[0] <= 10; iter[0]++) {
            hook.afterTrainIter(at(iter[0]));
        }
        iter[0] = -1;
        hook.afterTrain(at(10));
        assertTrue(queue.isEmpty(), "every reading used");
        return hook;
    }

    @Test
    void readsAtIntervalsAndReferenceAndComparesTheEndWithTheReference() {
        List<Long> readAt = new ArrayList<>();
        ResourceMonitorHook hook = run(new ResourceMonitorHook.Spec(4, 3, 0.05), List.of(
                mib(100, 30, 40), mib(200, 31, 41), mib(999, 32, 42), mib(104, 33, 42)), readAt);
        assertEquals(List.of(3L, 4L, 8L, -1L), readAt, "at the reference, every 4th iteration and the end");
        ResourceMonitorHook.Change c = hook.change().orElseThrow();
        assertEquals(3, c.referenceIter());
        assertEquals(10, c.endIter());
        assertEquals(0.04, c.rssGrowth(), 1e-9);
        assertTrue(c.withinLimit());
        assertEquals("from iteration 3 to 10: rss +4.0% (100.0 -> 104.0 MiB; limit 5.0%: within), open files +3, "
                + "threads +2 (java +2)", c.describe(0.05));
    }

    @Test
    void growthBeyondTheLimitIsReported() {
        ResourceMonitorHook hook = run(new ResourceMonitorHook.Spec(100, 5, 0.05), List.of(
                mib(100, 30, 40), mib(106, 30, 40)), new ArrayList<>());
        ResourceMonitorHook.Change c = hook.change().orElseThrow();
        assertFalse(c.withinLimit());
        assertTrue(c.describe(0.05).contains("+6.0%") && c.describe(0.05).contains("EXCEEDED"), c.describe(0.05));
    }

    @Test
    void aRunThatNeverReachesTheReferenceHasNoChange() {
        ResourceMonitorHook hook = run(new ResourceMonitorHook.Spec(100, 50, 0.05), List.of(mib(100, 30, 40)),
                new ArrayList<>());
        assertTrue(hook.change().isEmpty());
    }

    @Test
    void unknownFiguresAreNeverWithinTheLimit() {
        ResourceMonitorHook hook = run(new ResourceMonitorHook.Spec(100, 2, 0.05), List.of(
                new ProcessResources(-1, -1, -1, 5, 0), new ProcessResources(-1, -1, -1, 5, 0)), new ArrayList<>());
        assertFalse(hook.change().orElseThrow().withinLimit());
    }

    @Test
    void readingsComeFromTheKernelAndSeeAnOpenFile(@TempDir Path tmp) throws IOException {
        ProcessResources before = ProcessResources.read();
        assertTrue(before.residentBytes() > 10 * MIB, before.describe());
        assertTrue(before.threads() >= before.javaThreads() && before.javaThreads() > 0, before.describe());
        try (FileChannel ch = FileChannel.open(Files.createFile(tmp.resolve("held")))) {
            assertEquals(before.openFiles() + 1, ProcessResources.read().openFiles());
        }
        assertEquals(before.openFiles(), ProcessResources.read().openFiles());
    }

    @Test
    void configIsReadWithDefaultsAndBadValuesAreClearErrors() {
        ResourceMonitorHookFactory factory = new ResourceMonitorHookFactory();
        assertEquals(new ResourceMonitorHook.Spec(1000, 1000, 0.05), ComponentBuilder.parse(factory,
                ConfigView.parse("")));
        assertEquals(new ResourceMonitorHook.Spec(50, 200, 0.1), ComponentBuilder.parse(factory,
                ConfigView.parse("interval = 50, reference_iter = 200, max_rss_growth = 0.1")));
        for (String bad : List.of("interval = 0", "reference_iter = -1", "max_rss_growth = -0.1", "intervall = 5")) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ComponentBuilder.parse(factory, ConfigView.parse(bad)), bad);
            assertTrue(e.getMessage().contains(bad.substring(0, bad.indexOf(' '))), e.getMessage());
        }
    }
}
