package org.pretrain4j.heads.cls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.backbones.layers.Act;

final class StackedLinearClsHeadTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static StackedLinearClsHead head(String hocon) {
        return (StackedLinearClsHead) new StubBuildContext().build(Kind.HEAD,
                ConfigView.parse("type = StackedLinearClsHead\n" + hocon));
    }

    /** Parameter names as PyTorch's state dict spells them: DJL's child prefixes and norm names translated. */
    private static List<String> torchKeys(Block block, String prefix) {
        List<String> keys = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            keys.add(prefix + switch (p.getKey()) {
                case "gamma" -> "weight";
                case "beta" -> "bias";
                case "runningMean" -> "running_mean";
                case "runningVar" -> "running_var";
                default -> p.getKey();
            });
        }
        BlockList children = block.getChildren();
        for (int i = 0; i < children.size(); i++) {
            keys.addAll(torchKeys(children.get(i).getValue(), prefix + children.get(i).getKey().substring(2) + "."));
        }
        return keys;
    }

    private static long trainableCount(Block block) {
        return block.getParameters().values().stream().filter(Parameter::requiresGradient)
                .mapToLong(p -> p.getArray().size()).sum();
    }

    @Test
    void keysAndParameterCountAreMmpretrains() {
        // MobileNetV3-small's ImageNet head; torch counts (tools/fixtures/multilabel.py): 1615848, 1617896 with BN1d.
        StackedLinearClsHead plain = head("num_classes = 1000, in_channels = 576, mid_channels = [1024]");
        plain.initialize(manager, DataType.FLOAT32, new Shape(1, 576));
        assertEquals(1615848, trainableCount(plain));
        assertEquals(List.of("layers.0.fc.weight", "layers.0.fc.bias", "layers.1.fc.weight", "layers.1.fc.bias"),
                torchKeys(plain, ""));

        StackedLinearClsHead normed = head("num_classes = 1000, in_channels = 576, mid_channels = [1024], "
                + "norm_cfg = {type = BN1d}");
        normed.initialize(manager, DataType.FLOAT32, new Shape(2, 576));
        assertEquals(1617896, trainableCount(normed));
        assertEquals(List.of("layers.0.fc.weight", "layers.0.fc.bias", "layers.0.norm.weight", "layers.0.norm.bias",
                "layers.0.norm.running_mean", "layers.0.norm.running_var", "layers.1.fc.weight", "layers.1.fc.bias"),
                torchKeys(normed, ""));
    }

    @Test
    void forwardBackwardThroughEveryLayer() {
        StackedLinearClsHead head = head("num_classes = 3, in_channels = 4, mid_channels = [6, 5], "
                + "dropout_rate = 0.2, norm_cfg = {type = BN1d}, act_cfg = {type = HSwish}, cal_acc = true");
        Shape input = new Shape(8, 4);
        head.initialize(manager, DataType.FLOAT32, input);
        assertEquals(new Shape(8, 3), head.getOutputShapes(new Shape[] {input})[0]);
        NDArray x = manager.randomNormal(input);
        NDArray labels = manager.create(new long[] {0, 1, 2, 0, 1, 2, 0, 1});
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList out = head.forward(new ParameterStore(manager, false), new NDList(x), true);
            assertEquals(new Shape(8, 3), out.singletonOrThrow().getShape());
            collector.backward(head.loss(out, labels).total());
        }
        head.getParameters().values().stream().filter(Parameter::requiresGradient).forEach(p ->
                assertTrue(p.getArray().getGradient().abs().sum().getFloat() > 0, p.getName()));
    }

    /** mmpretrain's pre_logits: every block but the last, so the last fc alone turns them into the logits. */
    @Test
    void preLogitsAreTheLastHiddenBlocksOutput() {
        StackedLinearClsHead head = head("num_classes = 3, in_channels = 4, mid_channels = [6, 5]");
        Shape input = new Shape(2, 4);
        head.initialize(manager, DataType.FLOAT32, input);
        ParameterStore ps = new ParameterStore(manager, false);
        NDList x = new NDList(manager.randomNormal(input));
        NDArray pre = head.preLogits(ps, x, false);
        assertEquals(new Shape(2, 5), pre.getShape());
        assertTrue(pre.min().getFloat() >= 0, "the hidden blocks end with their ReLU");
        List<NDArray> fc = head.getParameters().stream().filter(p -> p.getKey().contains("fc_"))
                .map(p -> p.getValue().getArray()).toList();
        NDArray weight = fc.get(fc.size() - 2);
        NDArray bias = fc.get(fc.size() - 1);
        assertEquals(new Shape(3, 5), weight.getShape());
        NDArray logits = head.forward(ps, x, false).singletonOrThrow();
        assertTrue(pre.matMul(weight.transpose()).add(bias).allClose(logits, 1e-5, 1e-6, false));
    }

    @Test
    void dropoutOnlyWhileTraining() {
        StackedLinearClsHead head = head("num_classes = 2, in_channels = 16, mid_channels = [64], dropout_rate = 0.5");
        Shape input = new Shape(4, 16);
        head.initialize(manager, DataType.FLOAT32, input);
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray x = manager.randomNormal(input);
        float[] eval1 = head.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
        float[] eval2 = head.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
        assertArrayEquals(eval1, eval2);
        float[] train = head.forward(ps, new NDList(x), true).singletonOrThrow().toFloatArray();
        assertFalse(java.util.Arrays.equals(eval1, train));
    }

    @Test
    void fcStartsAsPyTorchsDefaultLinear() {
        StackedLinearClsHead head = head("num_classes = 10, in_channels = 400, mid_channels = [300]");
        head.initialize(manager, DataType.FLOAT32, new Shape(1, 400));
        // The first layer's weight: fan_in 400.
        NDArray w = head.getParameters().stream().filter(p -> p.getKey().endsWith("fc_weight")).findFirst()
                .orElseThrow().getValue().getArray();
        assertEquals(new Shape(300, 400), w.getShape());
        // Uniform in ±1/sqrt(fan_in): bounded by 0.05 and spread like it (std of U(-b, b) is b/sqrt(3)).
        assertTrue(w.abs().max().getFloat() <= 0.05f);
        assertEquals(0.05 / Math.sqrt(3), w.pow(2).mean().sqrt().getFloat(), 0.002);
    }

    @Test
    void activationChoicesAndNone() {
        assertEquals(Act.RELU, head("num_classes = 2, in_channels = 2, mid_channels = [2]").config().act());
        assertEquals(Act.NONE,
                head("num_classes = 2, in_channels = 2, mid_channels = [2], act_cfg = null").config().act());
        assertEquals(Act.GELU, head("num_classes = 2, in_channels = 2, mid_channels = [2], "
                + "act_cfg = {type = GELU}").config().act());
    }

    @Test
    void badConfigsNameTheKey() {
        ConfigException mid = assertThrows(ConfigException.class, () -> head("num_classes = 2, in_channels = 2"));
        assertTrue(mid.getMessage().startsWith("mid_channels"), mid.getMessage());
        ConfigException empty = assertThrows(ConfigException.class,
                () -> head("num_classes = 2, in_channels = 2, mid_channels = []"));
        assertTrue(empty.getMessage().startsWith("mid_channels"), empty.getMessage());
        ConfigException drop = assertThrows(ConfigException.class,
                () -> head("num_classes = 2, in_channels = 2, mid_channels = [2], dropout_rate = 1"));
        assertTrue(drop.getMessage().startsWith("dropout_rate"), drop.getMessage());
        ConfigException bn = assertThrows(ConfigException.class,
                () -> head("num_classes = 2, in_channels = 2, mid_channels = [2], norm_cfg = {type = BN}"));
        assertTrue(bn.getMessage().startsWith("norm_cfg.type") && bn.getMessage().contains("BN1d"), bn.getMessage());
        ConfigException act = assertThrows(ConfigException.class,
                () -> head("num_classes = 2, in_channels = 2, mid_channels = [2], act_cfg = {type = HSwsh}"));
        assertTrue(act.getMessage().startsWith("act_cfg.type") && act.getMessage().contains("HSwish"),
                act.getMessage());
    }

    @Test
    void wrongFeatureSizeIsReported() {
        StackedLinearClsHead head = head("num_classes = 2, in_channels = 4, mid_channels = [3]");
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> head.initialize(manager, DataType.FLOAT32, new Shape(2, 5)));
        assertTrue(e.getMessage().contains("in_channels = 4"), e.getMessage());
    }
}
