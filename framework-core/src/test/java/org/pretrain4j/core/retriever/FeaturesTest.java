package org.pretrain4j.core.retriever;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.CheckpointException;
import org.pretrain4j.core.checkpoint.SafeTensors;

final class FeaturesTest {
    @Test
    void roundTripsWithLabelsIdsClassesPathsAndMetadata(@TempDir Path dir) {
        Features f = new Features(2, 3, new float[] {1, 2, 3, 4, 5, 6}, new int[] {1, 0}, new int[] {7, 9},
                List.of("cat", "dog"), List.of("a.png", "b \"quoted\".png"));
        Path file = dir.resolve("f.safetensors");
        f.write(file, Map.of("stage", "neck"));
        Features back = Features.read(file);
        assertArrayEquals(f.values(), back.values());
        assertArrayEquals(f.labels(), back.labels());
        assertArrayEquals(f.sampleIndices(), back.sampleIndices());
        assertEquals(f.classes(), back.classes());
        assertEquals(f.paths(), back.paths());
        Map<String, String> meta = SafeTensors.readMetadata(file);
        assertEquals("neck", meta.get("stage"));
        assertEquals(Features.FORMAT, meta.get("format"));
        assertTrue(back.isLabelled());
    }

    @Test
    void aBareFeaturesTensorReadsAsUnlabelledRows(@TempDir Path dir) {
        Path file = dir.resolve("bare.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            SafeTensors.write(file, Map.of("features", m.ones(new Shape(3, 2))), Map.of());
        }
        Features f = Features.read(file);
        assertEquals(3, f.count());
        assertArrayEquals(new int[] {-1, -1, -1}, f.labels());
        assertArrayEquals(new int[] {0, 1, 2}, f.sampleIndices());
        assertFalse(f.isLabelled());
    }

    @Test
    void mismatchedTensorsAreReported(@TempDir Path dir) {
        Path file = dir.resolve("bad.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            SafeTensors.write(file, Map.of("features", m.ones(new Shape(3, 2)), "labels", m.zeros(new Shape(2))),
                    Map.of());
        }
        CheckpointException e = assertThrows(CheckpointException.class, () -> Features.read(file));
        assertTrue(e.getMessage().contains("'labels'"), e.getMessage());
        Path none = dir.resolve("none.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            SafeTensors.write(none, Map.of("weight", m.ones(new Shape(3, 2))), Map.of());
        }
        assertTrue(assertThrows(CheckpointException.class, () -> Features.read(none)).getMessage()
                .contains("'features'"));
    }
}
