package org.pretrain4j.heads.cls;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.LossDict;

final class VisionTransformerClsHeadTest {
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

    private static VisionTransformerClsHead head(String hocon) {
        VisionTransformerClsHeadFactory factory = new VisionTransformerClsHeadFactory();
        ConfigView view = ConfigView.parse(hocon);
        VisionTransformerClsHeadConfig config = factory.parseConfig(view);
        view.checkNoUnknownKeys();
        return (VisionTransformerClsHead) factory.create(config, new StubBuildContext());
    }

    /** The parameters under {@code layers}, by the dotted names checkpoints use. */
    private static Map<String, Parameter> parameters(VisionTransformerClsHead head) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        Block layers = head.getChildren().get("02layers");
        for (Pair<String, Block> child : layers.getChildren()) {
            child.getValue().getParameters().forEach(p -> out.put(
                    "layers." + child.getKey().substring(2) + "." + p.getKey(), p.getValue()));
        }
        return out;
    }

    @Test
    void zeroInitialisedHeadOnClassTokens() {
        VisionTransformerClsHead head = head("num_classes = 10, in_channels = 16");
        Shape features = new Shape(4, 16);
        head.initialize(manager, DataType.FLOAT32, features);
        Map<String, Parameter> params = parameters(head);
        assertEquals(List.of("layers.head.weight", "layers.head.bias"), List.copyOf(params.keySet()));
        assertEquals(new Shape(10, 16), params.get("layers.head.weight").getArray().getShape());

        NDArray labels = manager.create(new long[] {0, 3, 9, 3});
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList out = head.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomNormal(new Shape(4, 16, 2, 2)), manager.randomNormal(features)), true);
            assertEquals(new Shape(4, 10), out.singletonOrThrow().getShape());
            assertEquals(0f, out.singletonOrThrow().abs().max().getFloat());
            LossDict losses = head.loss(out, labels);
            // All logits zero: cross-entropy log(10) for every sample.
            assertEquals(Math.log(10), losses.total().getFloat(), 1e-5);
            collector.backward(losses.total());
        }
        assertTrue(params.get("layers.head.weight").getArray().getGradient().abs().sum().getFloat() > 0);
    }

    @Test
    void hiddenLayerIsLecunNormalWithTanh() {
        VisionTransformerClsHead head = head("num_classes = 5, in_channels = 256, hidden_dim = 64");
        assertEquals(OptionalInt.of(64), head.hiddenDim());
        Shape features = new Shape(3, 256);
        head.initialize(manager, DataType.FLOAT32, features);
        Map<String, Parameter> params = parameters(head);
        assertEquals(List.of("layers.pre_logits.weight", "layers.pre_logits.bias", "layers.head.weight",
                "layers.head.bias"), List.copyOf(params.keySet()));
        NDArray w = params.get("layers.pre_logits.weight").getArray();
        assertEquals(new Shape(64, 256), w.getShape());
        assertEquals(1 / 16.0, w.sub(w.mean()).square().mean().sqrt().getFloat(), 0.003);
        assertEquals(0f, params.get("layers.pre_logits.bias").getArray().abs().max().getFloat());
        assertEquals(64 * 256 + 64 + 5 * 64 + 5, params.values().stream().mapToLong(p -> p.getArray().size()).sum());

        // With a non-zero head the logits are head(tanh(pre_logits(x))).
        params.get("layers.head.weight").getArray().set(manager.ones(new Shape(5, 64)).toFloatArray());
        NDArray x = manager.randomNormal(features);
        NDArray logits = head.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
        NDArray hidden = x.matMul(w.transpose()).tanh();
        assertEquals(hidden.sum(new int[] {1}).get(0).getFloat(), logits.get(0, 0).getFloat(), 1e-4f);
    }

    @Test
    void configErrors() {
        ConfigException hidden = assertThrows(ConfigException.class,
                () -> head("num_classes = 3, in_channels = 4, hidden_dim = 0"));
        assertEquals("hidden_dim", hidden.path());
        assertThrows(ConfigException.class, () -> head("num_classes = 3"));
        assertEquals(OptionalInt.empty(), head("num_classes = 3, in_channels = 4, hidden_dim = null").hiddenDim());
        VisionTransformerClsHead head = head("num_classes = 3, in_channels = 4");
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> head.initialize(manager, DataType.FLOAT32, new Shape(2, 5)));
        assertTrue(e.getMessage().contains("in_channels = 4"), e.getMessage());
    }
}
