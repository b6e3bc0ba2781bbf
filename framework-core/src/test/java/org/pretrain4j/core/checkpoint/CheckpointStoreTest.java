package org.pretrain4j.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CheckpointStoreTest {
    @TempDir
    Path dir;

    private NDManager manager;
    private Block model;
    private CheckpointStore store;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        model = TinyNets.initRandom(TinyNets.classifier("conv1", 2, 2), manager, 1);
        store = new CheckpointStore(dir);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private Path save(String name) {
        Map<String, NDArray> opt = Map.of("m", manager.ones(new ai.djl.ndarray.types.Shape(2)));
        return store.save(name, model, opt, Map.of("name", name), Map.of("epoch", "0", "iteration", "0"));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void saveWritesThePairAndLastCheckpoint() throws Exception {
        assertEquals(Optional.empty(), store.latest());
        Path w = save("epoch_1");
        assertEquals(dir.resolve("epoch_1.safetensors"), w);
        assertEquals(List.of("epoch_1.resume.safetensors", "epoch_1.safetensors", "last_checkpoint"), names());
        assertEquals("epoch_1.safetensors", Files.readString(dir.resolve("last_checkpoint")));
        assertEquals(Optional.of(w), store.latest());
        assertEquals("pretrain4j-resume", Checkpoints.readMetadata(store.resumeFile("epoch_1")).get("format"));
        assertEquals(dir.resolve("epoch_1.resume.safetensors"), CheckpointStore.resumeFileFor(w));
        assertThrows(IllegalArgumentException.class, () -> save("../escape"));
        assertThrows(IllegalArgumentException.class, () -> save("best_x"));
    }

    @Test
    void latestRecoversWhenLastCheckpointIsMissingOrStale() throws Exception {
        save("epoch_1");
        save("epoch_2");
        save("epoch_10");
        assertEquals(Optional.of(dir.resolve("epoch_10.safetensors")), store.latest());

        // last_checkpoint names a pair that is gone: the newest complete pair wins (10 > 2 numerically).
        Files.writeString(dir.resolve("last_checkpoint"), "epoch_11.safetensors");
        assertEquals(Optional.of(dir.resolve("epoch_10.safetensors")), store.latest());

        // Incomplete and damaged candidates, temp files and best files are ignored.
        Files.delete(dir.resolve("epoch_10.resume.safetensors"));
        Files.copy(dir.resolve("epoch_1.resume.safetensors"), dir.resolve("epoch_12.resume.safetensors"));
        byte[] good = Files.readAllBytes(dir.resolve("epoch_2.safetensors"));
        Files.write(dir.resolve("epoch_13.safetensors"), Arrays.copyOf(good, good.length - 5));
        Files.copy(dir.resolve("epoch_1.resume.safetensors"), dir.resolve("epoch_13.resume.safetensors"));
        Files.write(dir.resolve("epoch_14.safetensors.tmp-999999999-1"), good);
        Files.write(dir.resolve("best_accuracy_top1_epoch_20.safetensors"), good);
        Files.delete(dir.resolve("last_checkpoint"));
        assertEquals(Optional.of(dir.resolve("epoch_2.safetensors")), store.latest());

        // mmengine writes a path into last_checkpoint; it is honoured when complete.
        Files.writeString(dir.resolve("last_checkpoint"), "work_dirs/run/epoch_1.safetensors\n");
        assertEquals(Optional.of(dir.resolve("epoch_1.safetensors")), store.latest());
    }

    @Test
    void aSaveKilledBeforeItsWeightsLeavesThePreviousCheckpointLatest() throws Exception {
        Path first = save("epoch_1");
        Block uninitialised = TinyNets.classifier("conv1", 2, 2);
        assertThrows(IllegalStateException.class, () -> store.save("epoch_2", uninitialised, Map.of(), Map.of(),
                Map.of("epoch", "2", "iteration", "2")));
        assertTrue(Files.exists(dir.resolve("epoch_2.resume.safetensors")), "resume is written first");
        assertFalse(Files.exists(dir.resolve("epoch_2.safetensors")));
        assertEquals("epoch_1.safetensors", Files.readString(dir.resolve("last_checkpoint")));
        assertEquals(Optional.of(first), store.latest());

        store.prune(5);
        assertFalse(Files.exists(dir.resolve("epoch_2.resume.safetensors")), "orphan resume state is pruned");
    }

    @Test
    void pruneKeepsTheNewestAndNeverLastCheckpointOrBest() throws Exception {
        for (int e = 1; e <= 5; e++) {
            save("epoch_" + e);
        }
        assertTrue(store.saveBest("accuracy/top1", 0.5, true, "epoch_1"));
        Files.writeString(dir.resolve("last_checkpoint"), "epoch_2.safetensors");

        List<Path> deleted = store.prune(2);

        assertEquals(List.of(dir.resolve("epoch_1.safetensors"), dir.resolve("epoch_3.safetensors")), deleted);
        assertEquals(List.of("best_accuracy_top1_epoch_1.safetensors", "epoch_2.resume.safetensors",
                "epoch_2.safetensors", "epoch_4.resume.safetensors", "epoch_4.safetensors",
                "epoch_5.resume.safetensors", "epoch_5.safetensors", "last_checkpoint"), names());
        assertEquals(List.of(), store.prune(0), "zero keeps all, as mmengine's -1");
    }

    @Test
    void saveBestKeepsOneFilePerMetricAndRemembersTheScoreOnDisk() throws Exception {
        save("epoch_1");
        assertTrue(store.saveBest("accuracy/top1", 0.80, true, "epoch_1"));
        Path best1 = dir.resolve("best_accuracy_top1_epoch_1.safetensors");
        assertEquals(Optional.of(best1), store.best("accuracy/top1"));
        Map<String, String> meta = Checkpoints.readMetadata(best1);
        assertEquals("0.8", meta.get("best_score"));
        assertEquals("epoch_1", meta.get("name"), "the source's metadata travels along");

        save("epoch_2");
        CheckpointStore reopened = new CheckpointStore(dir);
        assertFalse(reopened.saveBest("accuracy/top1", 0.79, true, "epoch_2"));
        assertFalse(reopened.saveBest("accuracy/top1", 0.80, true, "epoch_2"), "equal is not better");
        assertFalse(reopened.saveBest("accuracy/top1", Double.NaN, true, "epoch_2"));
        assertTrue(Files.exists(best1));

        save("epoch_3");
        assertTrue(reopened.saveBest("accuracy/top1", 0.85, true, "epoch_3"));
        assertFalse(Files.exists(best1));
        assertEquals(Optional.of(dir.resolve("best_accuracy_top1_epoch_3.safetensors")),
                store.best("accuracy/top1"));

        // Lower is better for a loss, kept independently of the accuracy.
        assertTrue(store.saveBest("loss", 1.0, false, "epoch_2"));
        assertFalse(store.saveBest("loss", 1.5, false, "epoch_3"));
        assertTrue(store.saveBest("loss", 0.5, false, "epoch_3"));
        assertEquals(List.of("best_accuracy_top1_epoch_3.safetensors", "best_loss_epoch_3.safetensors"),
                names().stream().filter(n -> n.startsWith("best_")).collect(Collectors.toList()));
        Block b = TinyNets.initRandom(TinyNets.classifier("conv1", 2, 2), manager, 7);
        assertTrue(Checkpoints.loadWeights(dir.resolve("best_loss_epoch_3.safetensors"), b,
                Checkpoints.LoadOptions.strict()).isExact(), "a best file is a loadable weights file");
    }

    @Test
    void saveCleansUpTempFilesOfEarlierKilledSaves() throws Exception {
        Files.writeString(dir.resolve("epoch_1.safetensors.tmp-999999999-4"), "partial");
        Files.writeString(dir.resolve("last_checkpoint.tmp-" + ProcessHandle.current().pid() + "-99"), "partial");
        save("epoch_1");
        assertEquals(List.of("epoch_1.resume.safetensors", "epoch_1.safetensors", "last_checkpoint"), names());
    }
}
