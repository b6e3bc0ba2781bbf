package org.pretrain4j.heads.pooling;

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
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;

final class GeneralizedMeanPoolingTest {
    private static final Shape SHAPE = new Shape(2, 3, 2, 2);

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static GeneralizedMeanPooling neck(String hocon) {
        GeneralizedMeanPoolingFactory factory = new GeneralizedMeanPoolingFactory();
        return (GeneralizedMeanPooling) factory.create(factory.parseConfig(ConfigView.parse(hocon)), null);
    }

    @Test
    void matchesMmpretrainGemWithGradients() {
        GeneralizedMeanPooling neck = neck("");
        assertEquals(GeneralizedMeanPoolingConfig.defaults(), neck.config());
        neck.initialize(manager, DataType.FLOAT32, SHAPE);
        // (arange(24) - 5) / 4: channel 0 is all below eps (clamped), channel 1 partly.
        NDArray x = manager.arange(24f).reshape(SHAPE).sub(5f).div(4f);
        x.setRequiresGradient(true);
        NDArray out;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            out = neck.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
            collector.backward(out.sum());
        }
        // mmpretrain's gem() with p = 3 on the same input, output.sum().backward(), in torch 1.13 (/usr/bin/python3).
        assertEquals(new Shape(2, 3), out.getShape());
        assertArrayEquals(new float[] {1e-6f, 0.327593f, 1.190551f, 2.161146f, 3.149803f, 4.143853f},
                out.toFloatArray(), 2e-6f);
        Parameter p = neck.getParameters().get("p");
        assertArrayEquals(new float[] {0.1066287f}, p.getArray().getGradient().toFloatArray(), 2e-6f);
        assertArrayEquals(new float[] {0f, 0f, 0f, 0f, 0f, 0f, 0.145597f, 0.582387f, 0.099213f, 0.176378f, 0.27559f,
            0.39685f, 0.163926f, 0.214107f, 0.27098f, 0.334543f, 0.190563f, 0.226786f, 0.266158f, 0.308681f,
            0.204736f, 0.232944f, 0.262972f, 0.29482f}, x.getGradient().toFloatArray(), 2e-6f);
    }

    @Test
    void honoursPClampAndTrainability() {
        GeneralizedMeanPooling neck = neck("p = 2.5, clamp = false, p_trainable = false, eps = 0.1");
        neck.initialize(manager, DataType.FLOAT32, SHAPE, SHAPE);
        Parameter p = neck.getParameters().get("p");
        assertFalse(p.requiresGradient());
        assertEquals(2.5f, p.getArray().getFloat(0));
        NDArray x = manager.arange(24f).reshape(SHAPE).div(4f).add(0.5f);
        NDList out = neck.forward(new ParameterStore(manager, false), new NDList(x, x), false);
        assertEquals(2, out.size(), "one output per input");
        // gem(arange(24) / 4 + 0.5, p = 2.5, clamp = False) in torch.
        assertArrayEquals(new float[] {0.938255f, 1.905845f, 2.895267f, 3.890074f, 4.886996f, 5.88496f},
                out.get(1).toFloatArray(), 2e-6f);
    }

    @Test
    void badValuesAreClearErrors() {
        ConfigException e = assertThrows(ConfigException.class, () -> neck("p = 0.5"));
        assertEquals("p", e.path());
        assertThrows(IllegalArgumentException.class, () -> new GeneralizedMeanPoolingConfig(3, -1, true, true));
        Pretrain4jException rank = assertThrows(Pretrain4jException.class,
                () -> neck("").getOutputShapes(new Shape[] {new Shape(2, 3)}));
        assertTrue(rank.getMessage().contains("(N, C, H, W)"), rank.getMessage());
    }
}
