package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.TaskModel;
import org.pretrain4j.core.build.ComponentBuilder;
import org.pretrain4j.core.classifier.ImageClassifier;
import org.pretrain4j.core.inspect.ModuleTree;
import org.pretrain4j.core.registry.ComponentRegistry;

/**
 * A classifier's {@code neck} given as a list runs its necks in order under mmengine's {@code nn.Sequential} keys:
 * the linear-probe recipe {@code [GlobalAveragePooling, ClsBatchNormNeck]} for a convolutional backbone.
 */
final class NeckListTest {
    private static final String MODEL = "type = ImageClassifier, "
            + "backbone { type = ResNet_CIFAR, depth = 18, base_channels = 4, in_channels = 1 }, "
            + "head { type = LinearClsHead, num_classes = 3, in_channels = 32 }, ";

    private static TaskModel build(String neck) {
        return new ComponentBuilder(ComponentRegistry.ofClasspath()).build(Kind.MODEL, ConfigView.parse(MODEL + neck));
    }

    @Test
    void poolingThenBatchNormIsOneNeckWithIndexedKeys() {
        TaskModel model = build("neck = [{ type = GlobalAveragePooling }, "
                + "{ type = ClsBatchNormNeck, input_features = 32 }]");
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(0);
            model.initialize(manager, DataType.FLOAT32, new Shape(4, 1, 16, 16));
            Set<String> neckKeys = new TreeSet<>();
            ModuleTree.torchParameters(model).keySet().stream().filter(k -> k.startsWith("neck.")).forEach(neckKeys::add);
            assertEquals(Set.of("neck.1.bn.running_mean", "neck.1.bn.running_var"),
                    neckKeys);

            NDArray images = manager.randomNormal(new Shape(4, 1, 16, 16));
            ImageClassifier classifier = (ImageClassifier) model;
            ParameterStore ps = new ParameterStore(manager, false);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList feats = classifier.extractFeat(ps, new NDList(images), true);
                assertArrayEquals(new long[] {4, 32}, feats.head().getShape().getShape());
                // The batch norm without affine parameters leaves every feature with mean 0 over the batch.
                assertTrue(feats.head().mean(new int[] {0}).abs().max().getFloat() < 1e-4f);
                NDArray logits = classifier.head().orElseThrow().forward(ps, feats, true).head();
                collector.backward(logits.square().sum());
            }
            NDArray grad = ModuleTree.torchParameters(model).get("head.fc.weight").getArray().getGradient();
            assertTrue(grad.abs().sum().getFloat() > 0, "the head trains through the chained neck");
        }
    }

    @Test
    void oneNeckKeepsItsKeysAndAnEmptyListIsAnError() {
        TaskModel single = build("neck { type = ClsBatchNormNeck, input_features = 32 }");
        assertTrue(List.copyOf(ModuleTree.torchParameters(single).keySet()).contains("neck.bn.running_mean"));
        ConfigException e = assertThrows(ConfigException.class, () -> build("neck = []"));
        assertTrue(e.getMessage().contains("neck"), e.getMessage());
        assertTrue(e.getMessage().contains("at least one component"), e.getMessage());
    }
}
