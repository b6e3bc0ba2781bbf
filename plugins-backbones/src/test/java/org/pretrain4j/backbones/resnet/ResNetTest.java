package org.pretrain4j.backbones.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class ResNetTest {
    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(0);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void parameterCountsMatchTorchvision() {
        // torchvision totals minus the classifier: resnet18 11,689,512 - 513,000; resnet50 25,557,032 - 2,049,000;
        // mmpretrain's resnet18_cifar 11,173,962 - 5,130 (fc 512 -> 10).
        assertEquals(11_176_512L, count(TestNets.resnet("depth = 18")));
        assertEquals(23_508_032L, count(TestNets.resnet("depth = 50")));
        assertEquals(11_168_832L, count(TestNets.cifar("depth = 18")));
    }

    @Test
    void convolutionsUseKaimingFanOut() {
        ResNet net = TestNets.cifar("depth = 18");
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        NDArray w = TestNets.parametersByPath(net).get("layer4.0.conv2.weight").getArray();
        double expected = Math.sqrt(2.0 / (512 * 9));
        double std = w.sub(w.mean()).square().mean().sqrt().getFloat();
        assertEquals(expected, std, expected * 0.03);
    }

    @Test
    void childNamesFollowMmpretrainStateDict() {
        ResNet basic = initialized(TestNets.resnet("depth = 18, stem_channels = 8, base_channels = 8"));
        Set<String> keys = TestNets.parametersByPath(basic).keySet();
        assertTrue(keys.containsAll(List.of("conv1.weight", "bn1.gamma", "bn1.beta", "bn1.runningMean",
                "bn1.runningVar", "layer1.0.conv1.weight", "layer1.1.bn2.gamma", "layer2.0.downsample.0.weight",
                "layer2.0.downsample.1.gamma", "layer4.1.conv2.weight")), keys.toString());
        assertFalse(keys.contains("layer1.0.downsample.0.weight"), "stage 1 of ResNet-18 keeps its width");
        assertFalse(keys.stream().anyMatch(k -> k.contains("conv3")));

        ResNet v1d = initialized(TestNets.resnet(
                "depth = 50, stem_channels = 8, base_channels = 4, deep_stem = true, avg_down = true"));
        Map<String, Parameter> params = TestNets.parametersByPath(v1d);
        assertTrue(params.keySet().containsAll(List.of("stem.0.conv.weight", "stem.0.bn.gamma",
                "stem.2.conv.weight", "layer1.0.conv3.weight", "layer1.0.bn3.gamma", "layer1.0.downsample.0.weight",
                "layer2.0.downsample.1.weight", "layer2.0.downsample.2.gamma")), params.keySet().toString());
        assertFalse(params.containsKey("conv1.weight"));
        // Deep stem: 3x3 convolutions to stem/2, stem/2, stem channels.
        assertEquals(new Shape(4, 3, 3, 3), params.get("stem.0.conv.weight").getArray().getShape());
        assertEquals(new Shape(8, 4, 3, 3), params.get("stem.2.conv.weight").getArray().getShape());
        // Stage 1 has stride 1, so its shortcut is a plain projection even with avg_down.
        assertEquals(new Shape(16, 8, 1, 1), params.get("layer1.0.downsample.0.weight").getArray().getShape());
    }

    @Test
    void bottleneckStyleMovesTheStride() {
        Map<String, Parameter> pytorch = TestNets.parametersByPath(initialized(
                TestNets.resnet("depth = 50, stem_channels = 8, base_channels = 4, style = pytorch")));
        assertEquals(new Shape(8, 16, 1, 1), pytorch.get("layer2.0.conv1.weight").getArray().getShape());
        for (String style : List.of("pytorch", "caffe")) {
            ResNet net = TestNets.resnet("depth = 50, stem_channels = 8, base_channels = 4, out_indices = [1], "
                    + "style = " + style);
            // Either way the stage halves the resolution: 32 -> 8 after the stem -> 8 -> 4.
            assertEquals(new Shape(2, 32, 4, 4), forward(net, new Shape(2, 3, 32, 32), false).head().getShape());
        }
    }

    @Test
    void forwardAndBackwardMatchDeclaredShapes() {
        List<String> configs = List.of(
                "depth = 18, stem_channels = 8, base_channels = 8, out_indices = [0, 1, 2, 3]",
                "depth = 18, stem_channels = 8, base_channels = 8, out_indices = [3, 1]",
                "depth = 34, stem_channels = 8, base_channels = 4, num_stages = 2, out_indices = [0]",
                "depth = 50, stem_channels = 8, base_channels = 4, out_indices = [2, 3], strides = [1, 2, 2, 1], "
                        + "dilations = [1, 1, 1, 2], deep_stem = true, avg_down = true, drop_path_rate = 0.2",
                "depth = 50, stem_channels = 8, base_channels = 4, style = caffe, in_channels = 1");
        for (String config : configs) {
            int channels = config.contains("in_channels = 1") ? 1 : 3;
            checkForwardBackward(TestNets.resnet(config), new Shape(2, channels, 32, 32), config);
        }
        checkForwardBackward(TestNets.cifar("depth = 18, stem_channels = 8, base_channels = 8, "
                + "out_indices = [0, 1, 2, 3]"), new Shape(2, 3, 32, 32), "cifar");
        // Odd sizes and ceil-mode average pooling in avg_down shortcuts.
        checkForwardBackward(TestNets.resnet("depth = 50, stem_channels = 8, base_channels = 4, avg_down = true, "
                + "out_indices = [0, 1, 2, 3]"), new Shape(1, 3, 45, 37), "odd");
    }

    @Test
    void stageOutputsHaveMmpretrainShapes() {
        ResNet net = TestNets.resnet("depth = 18, out_indices = [0, 1, 2, 3]");
        Shape[] shapes = net.getOutputShapes(new Shape[] {new Shape(1, 3, 32, 32)});
        // The example in mmpretrain's ResNet docstring.
        assertArrayEquals(new Shape[] {new Shape(1, 64, 8, 8), new Shape(1, 128, 4, 4), new Shape(1, 256, 2, 2),
                new Shape(1, 512, 1, 1)}, shapes);
        assertEquals(512, net.featDim());
        assertEquals(2048, TestNets.resnet("depth = 50").featDim());
        Shape[] cifar = TestNets.cifar("depth = 18").getOutputShapes(new Shape[] {new Shape(1, 3, 32, 32)});
        assertArrayEquals(new Shape[] {new Shape(1, 512, 4, 4)}, cifar);
    }

    @Test
    void zeroInitResidualZeroesTheLastNormOfEachBlock() {
        Map<String, Parameter> basic = TestNets.parametersByPath(initialized(
                TestNets.cifar("depth = 18, stem_channels = 8, base_channels = 8")));
        assertEquals(0f, basic.get("layer1.0.bn2.gamma").getArray().abs().sum().getFloat());
        assertEquals(0f, basic.get("layer4.1.bn2.gamma").getArray().abs().sum().getFloat());
        assertAllOnes(basic.get("layer1.0.bn1.gamma"));
        assertAllOnes(basic.get("layer2.0.downsample.1.gamma"));
        assertAllOnes(basic.get("bn1.gamma"));

        Map<String, Parameter> bottleneck = TestNets.parametersByPath(initialized(
                TestNets.cifar("depth = 50, stem_channels = 8, base_channels = 4")));
        assertEquals(0f, bottleneck.get("layer3.2.bn3.gamma").getArray().abs().sum().getFloat());
        assertAllOnes(bottleneck.get("layer3.2.bn2.gamma"));

        Map<String, Parameter> off = TestNets.parametersByPath(initialized(
                TestNets.cifar("depth = 18, stem_channels = 8, base_channels = 8, zero_init_residual = false")));
        assertAllOnes(off.get("layer1.0.bn2.gamma"));
    }

    @Test
    void frozenStagesFreezeParametersAndStatistics() {
        ResNet net = initialized(TestNets.resnet(
                "depth = 18, stem_channels = 8, base_channels = 8, frozen_stages = 1, out_indices = [3]"));
        Map<String, Parameter> params = TestNets.parametersByPath(net);
        for (String frozen : List.of("conv1.weight", "bn1.gamma", "bn1.beta", "layer1.0.conv1.weight",
                "layer1.1.bn2.beta")) {
            assertFalse(params.get(frozen).requiresGradient(), frozen);
        }
        for (String trainable : List.of("layer2.0.conv1.weight", "layer2.0.downsample.1.gamma", "layer4.1.bn2.beta")) {
            assertTrue(params.get(trainable).requiresGradient(), trainable);
        }
        Map<String, float[]> before = snapshotStatistics(params);
        trainStep(net, new Shape(2, 3, 32, 32));
        Map<String, float[]> after = snapshotStatistics(params);
        for (String key : before.keySet()) {
            boolean frozen = key.startsWith("bn1.") || key.startsWith("layer1.");
            assertEquals(frozen, Arrays.equals(before.get(key), after.get(key)), key);
        }
        assertNotNull(params.get("layer2.0.conv1.weight").getArray().getGradient());
    }

    @Test
    void deepStemIsFrozenWhole() {
        Map<String, Parameter> params = TestNets.parametersByPath(TestNets.resnet(
                "depth = 18, stem_channels = 8, base_channels = 8, deep_stem = true, frozen_stages = 0"));
        params.forEach((key, p) -> assertEquals(!key.startsWith("stem.") && p.getType() != Parameter.Type.RUNNING_MEAN
                && p.getType() != Parameter.Type.RUNNING_VAR, p.requiresGradient(), key));
    }

    @Test
    void normEvalKeepsStatisticsButTrainsAffine() {
        ResNet net = initialized(TestNets.cifar("depth = 18, stem_channels = 8, base_channels = 8, norm_eval = true"));
        Map<String, Parameter> params = TestNets.parametersByPath(net);
        Map<String, float[]> before = snapshotStatistics(params);
        trainStep(net, new Shape(2, 3, 16, 16));
        Map<String, float[]> after = snapshotStatistics(params);
        before.forEach((key, values) -> assertArrayEquals(values, after.get(key), key));
        assertTrue(params.get("layer1.0.bn1.gamma").requiresGradient());
        assertNotNull(params.get("layer1.0.bn1.gamma").getArray().getGradient());

        // Without norm_eval a training forward does move them.
        ResNet plain = initialized(TestNets.cifar("depth = 18, stem_channels = 8, base_channels = 8"));
        Map<String, Parameter> plainParams = TestNets.parametersByPath(plain);
        Map<String, float[]> plainBefore = snapshotStatistics(plainParams);
        trainStep(plain, new Shape(2, 3, 16, 16));
        assertFalse(Arrays.equals(plainBefore.get("bn1.runningMean"),
                snapshotStatistics(plainParams).get("bn1.runningMean")));
    }

    @Test
    void dropPathIsStochasticInTrainingOnly() {
        // norm_eval makes the batch norms deterministic, so only stochastic depth can make two passes differ.
        ResNet net = initialized(TestNets.cifar("depth = 18, stem_channels = 8, base_channels = 8, "
                + "drop_path_rate = 0.5, zero_init_residual = false, norm_eval = true"));
        assertTrue(hasDropPath(net));
        NDArray x = manager.randomNormal(new Shape(8, 3, 16, 16));
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray eval1 = net.forward(ps, new NDList(x), false).head();
        NDArray eval2 = net.forward(ps, new NDList(x), false).head();
        assertTrue(eval1.contentEquals(eval2));
        NDArray train1 = net.forward(ps, new NDList(x), true).head();
        NDArray train2 = net.forward(ps, new NDList(x), true).head();
        assertFalse(train1.contentEquals(train2));
    }

    private static boolean hasDropPath(ResNet net) {
        // layer1.0 gets rate 0 (no DropPath, like mmpretrain's nn.Identity), layer1.1 a positive one.
        Block layer1 = net.getChildren().get("03layer1");
        Block first = layer1.getChildren().get("010");
        Block second = layer1.getChildren().get("021");
        return first.getChildren().keys().stream().noneMatch(k -> k.endsWith("drop_path"))
                && second.getChildren().keys().stream().anyMatch(k -> k.endsWith("drop_path"));
    }

    private ResNet initialized(ResNet net) {
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        return net;
    }

    private long count(ResNet net) {
        initialized(net);
        return TestNets.trainableTypeCount(net);
    }

    private NDList forward(ResNet net, Shape input, boolean training) {
        net.initialize(manager, DataType.FLOAT32, input);
        return net.forward(new ParameterStore(manager, false), new NDList(manager.randomNormal(input)), training);
    }

    private void checkForwardBackward(ResNet net, Shape input, String label) {
        net.initialize(manager, DataType.FLOAT32, input);
        Shape[] declared = net.getOutputShapes(new Shape[] {input});
        try (NDManager step = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList outputs = net.forward(new ParameterStore(step, false), new NDList(step.randomNormal(input)), true);
            assertEquals(declared.length, outputs.size(), label);
            NDArray loss = null;
            for (int i = 0; i < declared.length; i++) {
                assertEquals(declared[i], outputs.get(i).getShape(), label + " output " + i);
                NDArray term = outputs.get(i).square().mean();
                loss = loss == null ? term : loss.add(term);
            }
            collector.backward(loss);
        }
        NDArray grad = TestNets.parametersByPath(net).values().stream()
                .filter(Parameter::requiresGradient).findFirst().orElseThrow().getArray().getGradient();
        assertTrue(grad.abs().sum().getFloat() > 0, label + ": the stem receives gradient");
    }

    private void trainStep(ResNet net, Shape input) {
        try (NDManager step = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList out = net.forward(new ParameterStore(step, false), new NDList(step.randomNormal(input)), true);
            collector.backward(out.head().square().mean());
        }
    }

    private static Map<String, float[]> snapshotStatistics(Map<String, Parameter> params) {
        Map<String, float[]> stats = new TreeMap<>();
        params.forEach((key, p) -> {
            if (p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR) {
                stats.put(key, p.getArray().toFloatArray());
            }
        });
        return stats;
    }

    private static void assertAllOnes(Parameter gamma) {
        NDArray g = gamma.getArray();
        assertEquals(g.getShape().size(), g.eq(1f).sum().getLong());
    }
}
