package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.api.train.OptimParam;
import org.pretrain4j.core.build.ComponentBuilder;
import org.pretrain4j.core.checkpoint.Checkpoints;
import org.pretrain4j.core.checkpoint.Checkpoints.LoadOptions;
import org.pretrain4j.core.checkpoint.SafeTensors;
import org.pretrain4j.core.inspect.ModuleTree;
import org.pretrain4j.core.optim.ParamGroups;
import org.pretrain4j.core.registry.ComponentRegistry;

/**
 * A loss with state inside a model: {@code SeesawLoss}'s {@code cum_samples} buffer is saved and loaded with the
 * weights, but neither optimised nor counted as a parameter (it is a buffer in PyTorch).
 */
final class LossBufferTest {
    private static final String HEAD = "type = LinearClsHead, num_classes = 3, in_channels = 4, "
            + "loss = {type = SeesawLoss, num_classes = 3}";

    @TempDir
    Path dir;

    private static Head head(NDManager manager) {
        Head head = new ComponentBuilder(ComponentRegistry.ofClasspath()).build(Kind.HEAD, ConfigView.parse(HEAD));
        head.initialize(manager, DataType.FLOAT32, new Shape(2, 4));
        return head;
    }

    @Test
    void cumSamplesIsCheckpointedButNotOptimisedOrCounted() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Head trained = head(manager);
            NDList logits = new NDList(manager.randomNormal(new Shape(2, 3)));
            trained.loss(logits, manager.create(new long[] {2, 2}));
            trained.loss(logits, manager.create(new long[] {0, 2}));

            List<String> optimised = ParamGroups.build(trained, null).stream().map(OptimParam::name).toList();
            assertEquals(List.of("fc.weight", "fc.bias"), optimised);
            assertEquals(4 * 3 + 3, ModuleTree.countParameters(trained));

            Path file = dir.resolve("head.safetensors");
            Checkpoints.saveWeights(file, trained, Map.of());
            assertTrue(SafeTensors.readHeader(file).tensors().containsKey("loss_module.cum_samples"),
                    SafeTensors.readHeader(file).tensors().keySet().toString());

            Head restored = head(manager);
            assertTrue(Checkpoints.loadWeights(file, restored, LoadOptions.strict()).isExact());
            assertArrayEquals(new float[] {1, 0, 3},
                    ModuleTree.torchParameters(restored).get("loss_module.cum_samples").getArray().toFloatArray());
        }
    }
}
