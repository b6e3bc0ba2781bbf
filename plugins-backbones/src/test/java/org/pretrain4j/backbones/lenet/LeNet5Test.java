package org.pretrain4j.backbones.lenet;

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
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.core.inspect.ModuleTree;

final class LeNet5Test {
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

    private static LeNet5 build(String hocon) {
        LeNet5Factory factory = new LeNet5Factory();
        ConfigView view = ConfigView.parse(hocon);
        LeNet5 net = (LeNet5) factory.create(factory.parseConfig(view), null);
        assertEquals(Set.of("num_classes"), view.readKeys());
        return net;
    }

    @Test
    void namesAndParameterCountMatchPyTorch() {
        LeNet5 net = build("num_classes = 10");
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 32, 32));
        Map<String, Parameter> params = ModuleTree.torchParameters(net);
        // mmpretrain's LeNet5 state dict, from the module rebuilt in torch (/usr/bin/python3): 61,706 parameters.
        assertEquals(List.of("features.0.weight", "features.0.bias", "features.3.weight", "features.3.bias",
                "features.6.weight", "features.6.bias", "classifier.0.weight", "classifier.0.bias",
                "classifier.2.weight", "classifier.2.bias"), List.copyOf(params.keySet()));
        assertEquals(61_706L, ModuleTree.countParameters(net));
        assertEquals(new Shape(10, 84), params.get("classifier.2.weight").getArray().getShape());
    }

    @Test
    void weightsStartFromPyTorchDefaults() {
        LeNet5 net = build("num_classes = 10");
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 32, 32));
        Map<String, Parameter> params = ModuleTree.torchParameters(net);
        // U(-1/sqrt(fan_in), 1/sqrt(fan_in)): fan_in 16 * 25 = 400 gives a bound of 0.05, whose uniform std is
        // 0.05 / sqrt(3).
        NDArray w = params.get("features.6.weight").getArray();
        assertTrue(w.abs().max().getFloat() <= 0.05f);
        assertEquals(0.05 / Math.sqrt(3), w.square().mean().sqrt().getFloat(), 0.001);
        assertTrue(params.get("classifier.0.bias").getArray().abs().max().getFloat() <= 1 / Math.sqrt(120));
    }

    @Test
    void forwardAndBackwardWithAndWithoutClassifier() {
        checkForwardBackward(build("num_classes = 10"), new Shape(3, 10));
        checkForwardBackward(build(""), new Shape(3, 120, 1, 1));
        checkForwardBackward(build("num_classes = 0"), new Shape(3, 120, 1, 1));
    }

    @Test
    void classifierNeeds32PixelOneChannelImages() {
        Pretrain4jException small = assertThrows(Pretrain4jException.class,
                () -> build("num_classes = 10").getOutputShapes(new Shape[] {new Shape(1, 1, 28, 28)}));
        assertTrue(small.getMessage().contains("32x32"), small.getMessage());
        assertThrows(Pretrain4jException.class,
                () -> build("num_classes = 10").initialize(manager, DataType.FLOAT32, new Shape(1, 1, 36, 36)));
        Pretrain4jException rgb = assertThrows(Pretrain4jException.class,
                () -> build("").initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32)));
        assertTrue(rgb.getMessage().contains("one-channel"), rgb.getMessage());
        // Without a classifier other sizes pass, as in mmpretrain.
        assertArrayEquals(new Shape[] {new Shape(1, 120, 2, 2)},
                build("").getOutputShapes(new Shape[] {new Shape(1, 1, 36, 36)}));
    }

    private void checkForwardBackward(LeNet5 net, Shape expected) {
        Shape input = new Shape(3, 1, 32, 32);
        net.initialize(manager, DataType.FLOAT32, input);
        assertArrayEquals(new Shape[] {expected}, net.getOutputShapes(new Shape[] {input}));
        try (NDManager step = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList out = net.forward(new ParameterStore(step, false), new NDList(step.randomNormal(input)), true);
            assertEquals(expected, out.singletonOrThrow().getShape());
            collector.backward(out.singletonOrThrow().square().mean());
        }
        NDArray grad = ModuleTree.torchParameters(net).get("features.0.weight").getArray().getGradient();
        assertTrue(grad.abs().sum().getFloat() > 0);
    }
}
