package org.pretrain4j.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.model.ExponentialMovingAverage;
import org.pretrain4j.core.inspect.ModuleTree;

/**
 * An EMA copy saves under mmpretrain's keys ({@code module.*}, {@code steps}) and its int64 step counter survives a
 * save and load, so a resumed run keeps averaging instead of copying the online network again.
 */
final class EmaCheckpointTest {
    private static Block net() {
        return new SequentialBlock().add(Linear.builder().setUnits(2).build()).add(BatchNorm.builder().build());
    }

    @Test
    void stepsAndAveragesRoundTrip(@TempDir Path dir) {
        Shape input = new Shape(4, 3);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block online = net();
            online.initialize(manager, DataType.FLOAT32, input);
            ExponentialMovingAverage saved = new ExponentialMovingAverage(net(), 0.01, 1, false);
            saved.initialize(manager, DataType.FLOAT32, input);
            for (int i = 0; i < 3; i++) {
                saved.update(online);
            }
            assertTrue(ModuleTree.torchParameters(saved).containsKey("steps"));
            assertTrue(ModuleTree.torchParameters(saved).keySet().stream().allMatch(
                    k -> k.equals("steps") || k.startsWith("module.")), ModuleTree.torchParameters(saved).keySet()
                    .toString());
            Path file = dir.resolve("ema.safetensors");
            Checkpoints.saveWeights(file, saved, Map.of());

            ExponentialMovingAverage loaded = new ExponentialMovingAverage(net(), 0.01, 1, false);
            loaded.initialize(manager, DataType.FLOAT32, input);
            Checkpoints.loadWeights(file, loaded, Checkpoints.LoadOptions.strict());
            assertEquals(3, loaded.steps());
            assertEquals(DataType.INT64, ModuleTree.torchParameters(loaded).get("steps").getArray().getDataType());
            Map<String, ai.djl.nn.Parameter> a = ModuleTree.torchParameters(saved);
            ModuleTree.torchParameters(loaded).forEach((k, p) -> assertArrayEquals(
                    a.get(k).getArray().toType(DataType.FLOAT32, false).toFloatArray(),
                    p.getArray().toType(DataType.FLOAT32, false).toFloatArray(), 0f, k));
        }
    }
}
