package org.pretrain4j.heads.necks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.backbones.layers.Act;
import org.pretrain4j.backbones.layers.BatchNormCfg;
import org.pretrain4j.core.inspect.ModuleTree;

/** LinearNeck, NonLinearNeck and ClsBatchNormNeck: structure, names, shapes, gradients and config errors. */
final class NecksTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        Engine.getInstance().setRandomSeed(0);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static <C> Neck build(ComponentFactory<C, Neck> factory, String hocon) {
        ConfigView view = ConfigView.parse(hocon);
        C config = factory.parseConfig(view);
        view.checkNoUnknownKeys();
        return factory.create(config, null);
    }

    /** The checkpoint keys, as ModuleTree maps them. */
    private static Map<String, Parameter> keys(Block block) {
        return ModuleTree.torchParameters(block);
    }

    private NDList run(Neck neck, boolean training, Shape... shapes) {
        neck.initialize(manager, DataType.FLOAT32, shapes);
        NDList inputs = new NDList();
        for (Shape s : shapes) {
            NDArray x = manager.randomNormal(s);
            x.setRequiresGradient(true);
            inputs.add(x);
        }
        NDList out;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            out = neck.forward(new ParameterStore(manager, false), inputs, training);
            assertArrayEquals(neck.getOutputShapes(shapes), out.getShapes());
            if (training) {
                collector.backward(out.head().mul(out.head()).sum());
            }
        }
        return out;
    }

    @Test
    void linearNeckPoolsTheLastInputAndNormalises() {
        Neck neck = build(new LinearNeckFactory(), "in_channels = 4, out_channels = 3, gap_dim = 2");
        NDList out = run(neck, true, new Shape(2, 8, 5, 5), new Shape(5, 4, 3, 3));
        assertEquals(1, out.size());
        assertEquals(new Shape(5, 3), out.head().getShape());
        Map<String, Parameter> params = keys(neck);
        assertEquals(List.of("fc.weight", "fc.bias", "norm.weight", "norm.bias", "norm.running_mean",
                "norm.running_var"), List.copyOf(params.keySet()));
        assertEquals(new Shape(3, 4), params.get("fc.weight").getArray().getShape());
        // Training-mode batch norm: each output column has mean 0 over the batch.
        assertEquals(0f, out.head().mean(new int[] {0}).abs().max().getFloat(), 1e-5f);
        assertTrue(params.get("fc.weight").getArray().getGradient().abs().sum().getFloat() > 0);
        // PyTorch's default init: U(-1/sqrt(4), 1/sqrt(4)).
        assertTrue(params.get("fc.weight").getArray().abs().max().getFloat() <= 0.5f);
    }

    @Test
    void linearNeckWithoutNormFlattensAndActivates() {
        Neck neck = build(new LinearNeckFactory(),
                "in_channels = 12, out_channels = 3, norm_cfg = null, act_cfg { type = ReLU, inplace = true }");
        NDList out = run(neck, false, new Shape(2, 3, 2, 2));
        assertEquals(List.of("fc.weight", "fc.bias"), List.copyOf(keys(neck).keySet()));
        assertTrue(out.head().min().getFloat() >= 0f);
        LinearNeckConfig c = ((LinearNeck) neck).config();
        assertNull(c.normCfg());
        assertEquals(Act.RELU, c.actCfg());
        assertEquals(BatchNormCfg.of("BN1d"),
                ((LinearNeck) build(new LinearNeckFactory(), "in_channels = 1, out_channels = 1")).config().normCfg());
        Pretrain4jException wrong = assertThrows(Pretrain4jException.class,
                () -> neck.getOutputShapes(new Shape[] {new Shape(2, 5)}));
        assertTrue(wrong.getMessage().contains("expects 12 features"), wrong.getMessage());
    }

    @Test
    void nonLinearNeckHasMmpretrainLayerStructure() {
        // SimSiam's projector: three layers, last batch norm without affine parameters.
        Neck neck = build(new NonLinearNeckFactory(), "in_channels = 8, hid_channels = 6, out_channels = 5, "
                + "num_layers = 3, with_last_bn_affine = false");
        run(neck, true, new Shape(4, 8, 2, 2));
        Map<String, Parameter> params = keys(neck);
        assertEquals(List.of("fc0.weight", "bn0.weight", "bn0.bias", "bn0.running_mean", "bn0.running_var",
                "fc1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var", "fc2.weight",
                "bn2.running_mean", "bn2.running_var"), List.copyOf(params.keySet()));
        assertEquals(new Shape(6, 8), params.get("fc0.weight").getArray().getShape());
        assertEquals(new Shape(6, 6), params.get("fc1.weight").getArray().getShape());
        assertEquals(new Shape(5, 6), params.get("fc2.weight").getArray().getShape());
        assertTrue(params.get("fc0.weight").getArray().getGradient().abs().sum().getFloat() > 0);

        // BYOL's predictor: biases everywhere, no last batch norm, no pooling of its (N, C) input.
        Neck predictor = build(new NonLinearNeckFactory(), "in_channels = 5, hid_channels = 7, out_channels = 5, "
                + "with_bias = true, with_last_bn = false, with_last_bias = true, with_avg_pool = false, "
                + "norm_cfg { type = BN1d, momentum = 0.01 }");
        NDList out = run(predictor, true, new Shape(3, 5));
        assertEquals(new Shape(3, 5), out.head().getShape());
        assertEquals(List.of("fc0.weight", "fc0.bias", "bn0.weight", "bn0.bias", "bn0.running_mean",
                "bn0.running_var", "fc1.weight", "fc1.bias"), List.copyOf(keys(predictor).keySet()));
    }

    @Test
    void nonLinearNeckDefaultsAndInputChecks() {
        NonLinearNeckConfig c = ((NonLinearNeck) build(new NonLinearNeckFactory(),
                "in_channels = 4, hid_channels = 4, out_channels = 2")).config();
        assertEquals(new NonLinearNeckConfig(4, 4, 2, 2, false, true, true, false, true, BatchNormCfg.of("SyncBN")),
                c);
        Neck neck = build(new NonLinearNeckFactory(), "in_channels = 4, hid_channels = 4, out_channels = 2");
        Pretrain4jException two = assertThrows(Pretrain4jException.class,
                () -> neck.getOutputShapes(new Shape[] {new Shape(2, 4, 1, 1), new Shape(2, 4, 1, 1)}));
        assertTrue(two.getMessage().contains("exactly one"), two.getMessage());
        assertThrows(Pretrain4jException.class, () -> neck.getOutputShapes(new Shape[] {new Shape(2, 4)}),
                "with_avg_pool needs a feature map");
        // num_layers = 1: fc0 to hid_channels and bn0 only, as mmpretrain builds it.
        Neck single = build(new NonLinearNeckFactory(), "in_channels = 4, hid_channels = 3, out_channels = 2, "
                + "num_layers = 1, with_avg_pool = false, norm_cfg.type = BN");
        assertArrayEquals(new Shape[] {new Shape(2, 3)}, single.getOutputShapes(new Shape[] {new Shape(2, 4)}));
    }

    @Test
    void clsBatchNormNeckNormalisesEveryInputWithoutAffineByDefault() {
        Neck neck = build(new ClsBatchNormNeckFactory(), "input_features = 4");
        assertEquals(new ClsBatchNormNeckConfig(4, false, 1e-6), ((ClsBatchNormNeck) neck).config());
        NDList out = run(neck, true, new Shape(6, 4), new Shape(6, 4));
        assertEquals(2, out.size());
        assertEquals(List.of("bn.running_mean", "bn.running_var"), List.copyOf(keys(neck).keySet()));
        NDArray first = out.get(0);
        assertEquals(0f, first.mean(new int[] {0}).abs().max().getFloat(), 1e-5f);
        // Biased batch variance 1 up to eps.
        assertEquals(1f, first.square().mean(new int[] {0}).min().getFloat(), 1e-4f);
        Neck affine = build(new ClsBatchNormNeckFactory(), "input_features = 4, affine = true");
        run(affine, false, new Shape(2, 4));
        assertEquals(Set.of("bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"), keys(affine).keySet());
        assertThrows(Pretrain4jException.class, () -> neck.getOutputShapes(new Shape[] {new Shape(6, 5)}));
    }

    @Test
    void badConfigsNameTheKey() {
        assertError(new LinearNeckFactory(), "gap_dim", "in_channels = 4, out_channels = 3, gap_dim = 4");
        assertError(new LinearNeckFactory(), "norm_cfg.type", "in_channels = 4, out_channels = 3, norm_cfg.type = GN");
        assertError(new LinearNeckFactory(), "act_cfg.type", "in_channels = 4, out_channels = 3, act_cfg.type = Foo");
        assertError(new LinearNeckFactory(), "out_channels", "in_channels = 4");
        assertError(new NonLinearNeckFactory(), "norm_cfg",
                "in_channels = 4, hid_channels = 4, out_channels = 2, norm_cfg = null");
        assertError(new NonLinearNeckFactory(), "num_layers",
                "in_channels = 4, hid_channels = 4, out_channels = 2, num_layers = 0");
        assertError(new NonLinearNeckFactory(), "vit_backbone",
                "in_channels = 4, hid_channels = 4, out_channels = 2, vit_backbone = true");
        assertError(new ClsBatchNormNeckFactory(), "eps", "input_features = 4, eps = 0");
        assertError(new ClsBatchNormNeckFactory(), "input_features", "affine = true");
    }

    @Test
    void documentedKeysAreTheKeysRead() {
        List<ComponentFactory<?, Neck>> factories = new ArrayList<>(List.of(new LinearNeckFactory(),
                new NonLinearNeckFactory(), new ClsBatchNormNeckFactory()));
        for (ComponentFactory<?, Neck> factory : factories) {
            ConfigView view = ConfigView.parse(factory.example().config());
            factory.parseConfig(view);
            assertEquals(factory.parameters().stream().map(ParamDoc::name).collect(Collectors.toSet()),
                    view.readKeys(), factory.typeName());
            assertFalse(factory.summary().isBlank());
        }
    }

    private static void assertError(ComponentFactory<?, Neck> factory, String path, String hocon) {
        ConfigException e = assertThrows(ConfigException.class, () -> build(factory, hocon), hocon);
        assertEquals(path, e.path(), e.getMessage());
    }
}
