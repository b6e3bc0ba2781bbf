package org.pretrain4j.heads.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;

/** Values from tools/fixtures/multilabel.py: torch's F.hardswish and F.gelu on the same inputs. */
final class ActivationTypeTest {
    private static final float[] X = {-4.0f, -1.5f, 0.0f, 0.7f, 2.5f, 5.0f};

    private static float[] apply(ActivationType type) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(X);
            return type.apply(x).toFloatArray();
        }
    }

    @Test
    void matchesTorch() {
        assertArrayEquals(new float[] {0f, -0.375f, 0f, 0.43166664f, 2.2916667f, 5.0f}, apply(ActivationType.HSWISH),
                1e-6f);
        assertArrayEquals(new float[] {-0.00012671947f, -0.10021086f, 0f, 0.53062546f, 2.4844759f, 4.9999986f},
                apply(ActivationType.GELU), 1e-6f);
        assertArrayEquals(new float[] {0f, 0f, 0f, 0.7f, 2.5f, 5.0f}, apply(ActivationType.RELU), 0f);
        assertArrayEquals(new float[] {0f, 0f, 0f, 0.7f, 2.5f, 5.0f}, apply(ActivationType.RELU6), 0f);
        assertArrayEquals(apply(ActivationType.SILU), apply(ActivationType.SWISH), 0f);
    }

    @Test
    void parsesTypesCaseInsensitivelyNullAndDefault() {
        ConfigView view = ConfigView.parse("a = {type = hswish, inplace = true}, b = null");
        assertEquals(ActivationType.HSWISH, ActivationType.parse(view, "a", null));
        assertNull(ActivationType.parse(view, "b", ActivationType.RELU));
        assertEquals(ActivationType.RELU, ActivationType.parse(view, "c", ActivationType.RELU));
        view.checkNoUnknownKeys();
    }

    @Test
    void errorsNameTheKeyAndTheKnownTypes() {
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> ActivationType.parse(ConfigView.parse("act = {type = Mish}"), "act", null));
        assertTrue(unknown.getMessage().startsWith("act.type") && unknown.getMessage().contains("HSwish"),
                unknown.getMessage());
        ConfigException key = assertThrows(ConfigException.class,
                () -> ActivationType.parse(ConfigView.parse("act = {type = ReLU, negative_slope = 0.1}"), "act", null));
        assertTrue(key.getMessage().contains("negative_slope"), key.getMessage());
        ConfigException shape = assertThrows(ConfigException.class,
                () -> ActivationType.parse(ConfigView.parse("act = ReLU"), "act", null));
        assertTrue(shape.getMessage().startsWith("act"), shape.getMessage());
    }
}
