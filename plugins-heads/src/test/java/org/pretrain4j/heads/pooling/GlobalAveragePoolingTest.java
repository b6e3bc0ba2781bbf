package org.pretrain4j.heads.pooling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;

final class GlobalAveragePoolingTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static GlobalAveragePooling neck(String hocon) {
        GlobalAveragePoolingFactory factory = new GlobalAveragePoolingFactory();
        return (GlobalAveragePooling) factory.create(factory.parseConfig(ConfigView.parse(hocon)), null);
    }

    private NDList run(GlobalAveragePooling neck, Shape... shapes) {
        NDList inputs = new NDList();
        for (Shape s : shapes) {
            inputs.add(manager.arange((float) s.size()).reshape(s));
        }
        neck.initialize(manager, DataType.FLOAT32, shapes);
        NDList out = neck.forward(new ParameterStore(manager, false), inputs, false);
        Shape[] declared = neck.getOutputShapes(shapes);
        assertEquals(shapes.length, out.size());
        for (int i = 0; i < out.size(); i++) {
            assertEquals(declared[i], out.get(i).getShape());
        }
        return out;
    }

    @Test
    void pools2dByDefault() {
        GlobalAveragePooling neck = neck("");
        assertEquals(2, neck.dim());
        NDList out = run(neck, new Shape(2, 3, 2, 2));
        assertEquals(new Shape(2, 3), out.singletonOrThrow().getShape());
        // arange: channel c of sample n holds 4(3n + c) + {0, 1, 2, 3}, whose mean is 4(3n + c) + 1.5.
        assertArrayEquals(new float[] {1.5f, 5.5f, 9.5f, 13.5f, 17.5f, 21.5f}, out.singletonOrThrow().toFloatArray());
    }

    @Test
    void pools1dAnd3d() {
        NDArray one = run(neck("dim = 1"), new Shape(2, 3, 5)).singletonOrThrow();
        assertEquals(new Shape(2, 3), one.getShape());
        assertEquals(2f, one.getFloat(0, 0));
        NDArray three = run(neck("dim = 3"), new Shape(2, 4, 2, 3, 3)).singletonOrThrow();
        assertEquals(new Shape(2, 4), three.getShape());
        assertEquals(8.5f, three.getFloat(0, 0));
    }

    @Test
    void poolsEveryStage() {
        NDList out = run(neck(""), new Shape(2, 8, 4, 4), new Shape(2, 16, 2, 2));
        assertEquals(new Shape(2, 8), out.get(0).getShape());
        assertEquals(new Shape(2, 16), out.get(1).getShape());
    }

    @Test
    void badDimIsAConfigError() {
        ConfigView view = ConfigView.parse("neck { dim = 4 }").getView("neck");
        ConfigException e = assertThrows(ConfigException.class,
                () -> new GlobalAveragePoolingFactory().parseConfig(view));
        assertTrue(e.getMessage().startsWith("neck.dim"), e.getMessage());
        assertTrue(e.getMessage().contains("1, 2, 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GlobalAveragePoolingConfig(0));
    }

    @Test
    void wrongRankNamesTheExpectedLayout() {
        GlobalAveragePooling neck = neck("");
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> neck.getOutputShapes(new Shape[] {new Shape(2, 3)}));
        assertTrue(e.getMessage().contains("(N, C, H, W)"), e.getMessage());
        assertThrows(Pretrain4jException.class, () -> neck.forward(new ParameterStore(manager, false),
                new NDList(manager.zeros(new Shape(2, 3, 4))), false));
    }

    @Test
    void documentsExactlyTheKeysItReads() {
        GlobalAveragePoolingFactory factory = new GlobalAveragePoolingFactory();
        ConfigView view = ConfigView.parse(factory.example().config());
        factory.parseConfig(view);
        assertEquals(Set.of("dim"), view.readKeys());
        assertEquals("dim", factory.parameters().get(0).name());
    }
}
