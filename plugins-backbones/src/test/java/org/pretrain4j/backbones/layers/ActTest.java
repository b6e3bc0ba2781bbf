package org.pretrain4j.backbones.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;

/** Activations against torch.nn.functional (values printed by /usr/bin/python3, torch 1.13), and the act_cfg reader. */
final class ActTest {
    private static final float[] X = {-4f, -3f, -1.5f, 0f, 1f, 2.9f, 3f, 7f};

    @Test
    void matchesPyTorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(X);
            // F.hardswish, F.hardsigmoid, F.relu6 on X
            assertArrayEquals(new float[] {0f, 0f, -0.375f, 0f, 0.6666667f, 2.8516667f, 3f, 7f},
                    Act.HSWISH.apply(x).toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0f, 0f, 0.25f, 0.5f, 0.6666667f, 0.98333335f, 1f, 1f},
                    Act.HSIGMOID.apply(x).toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0f, 0f, 0f, 0f, 1f, 2.9f, 3f, 6f}, Act.RELU6.apply(x).toFloatArray());
            assertArrayEquals(new float[] {0f, 0f, 0f, 0f, 1f, 2.9f, 3f, 7f}, Act.RELU.apply(x).toFloatArray());
            assertEquals(0.5f, Act.SIGMOID.apply(m.create(0f)).getFloat());
            assertSame(x, Act.NONE.apply(x));
            // F.gelu (exact) on {-4, -1.5, 0, 0.7, 2.5, 5}, from tools/fixtures/multilabel.py.
            assertArrayEquals(new float[] {-0.00012671947f, -0.10021086f, 0f, 0.53062546f, 2.4844759f, 4.9999986f},
                    Act.GELU.apply(m.create(new float[] {-4f, -1.5f, 0f, 0.7f, 2.5f, 5f})).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void actCfgFollowsMmcv() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] x = {-2f, 0f, 3f, 8f};
            assertArrayEquals(new float[] {0f, 0f, 3f, 8f}, act("type = ReLU, inplace = true", m, x), 1e-6f);
            assertArrayEquals(new float[] {0f, 0f, 3f, 6f}, act("type = ReLU6", m, x), 1e-6f);
            assertArrayEquals(new float[] {-0.02f, 0f, 3f, 8f}, act("type = LeakyReLU", m, x), 1e-6f);
            assertArrayEquals(new float[] {-0.4f, 0f, 3f, 8f}, act("type = LeakyReLU, negative_slope = 0.2", m, x),
                    1e-6f);
            // torch.nn.GELU()(torch.tensor([-2., 0., 3., 8.])) and torch.nn.SiLU(), from /usr/bin/python3.
            assertArrayEquals(new float[] {-0.0455003f, 0f, 2.9959502f, 8f}, act("type = GELU", m, x), 1e-5f);
            assertArrayEquals(new float[] {-0.2384058f, 0f, 2.8577223f, 7.9973164f}, act("type = Swish", m, x), 1e-5f);
            assertArrayEquals(act("type = SiLU", m, x), act("type = Swish", m, x), 0f);
        }
    }

    @Test
    void readsTypesCaseInsensitivelyNullAndDefault() {
        ConfigView view = ConfigView.parse("a = {type = hswish, inplace = true}, b = null");
        assertEquals(Act.HSWISH, Act.read(view, "a", Act.NONE));
        assertEquals(Act.NONE, Act.read(view, "b", Act.RELU));
        assertEquals(Act.RELU, Act.read(view, "c", Act.RELU));
        view.checkNoUnknownKeys();
    }

    @Test
    void errorsNameTheKeyAndTheKnownTypes() {
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> Act.read(ConfigView.parse("act_cfg { type = HardSwishy }"), "act_cfg", Act.NONE));
        assertEquals("act_cfg.type", unknown.path());
        assertTrue(unknown.getMessage().contains("HSwish"), unknown.getMessage());
        ConfigException key = assertThrows(ConfigException.class,
                () -> Act.read(ConfigView.parse("act_cfg { type = ReLU, negative_slope = 0.1 }"), "act_cfg", Act.NONE));
        assertEquals("act_cfg.negative_slope", key.path());
        ConfigException shape = assertThrows(ConfigException.class,
                () -> Act.read(ConfigView.parse("act_cfg = ReLU"), "act_cfg", Act.NONE));
        assertEquals("act_cfg", shape.path());
    }

    private static float[] act(String hocon, NDManager m, float[] x) {
        return Act.read(ConfigView.parse("act_cfg {" + hocon + "}"), "act_cfg", Act.NONE).apply(m.create(x))
                .toFloatArray();
    }
}
