package org.pretrain4j.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.pretrain4j.api.config.ConfigView;

/**
 * Shared inputs of the loss tests. Expected values in the tests were computed with numpy from these same numbers
 * (log-softmax, and softplus for the sigmoid loss), following mmpretrain's formulas.
 */
final class Fixtures {
    /** Logits (3 samples, 4 classes). */
    static final float[] LOGITS = {1.0f, 2.0f, 0.5f, -1.0f, 0.2f, -1.0f, 3.0f, 0.0f, -0.5f, 0.3f, 0.1f, 2.2f};
    /** Class indices. */
    static final long[] LABELS = {1, 2, 0};
    /** A mixed (mixup-like) dense target. */
    static final float[] SOFT = {0.1f, 0.7f, 0.2f, 0f, 0f, 0f, 1f, 0f, 0.5f, 0f, 0f, 0.5f};
    /** Per-sample weights. */
    static final float[] SAMPLE_WEIGHT = {1f, 0f, 2f};
    /** Batch size, the avg_factor heads pass. */
    static final float N = 3f;

    private Fixtures() {}

    static NDArray logits(NDManager manager) {
        return manager.create(LOGITS, new Shape(3, 4));
    }

    static NDArray labels(NDManager manager) {
        return manager.create(LABELS);
    }

    static NDArray soft(NDManager manager) {
        return manager.create(SOFT, new Shape(3, 4));
    }

    static NDArray sampleWeight(NDManager manager) {
        return manager.create(SAMPLE_WEIGHT);
    }

    static void assertScalar(double expected, NDArray actual) {
        assertEquals(new Shape(), actual.getShape(), "expected a scalar");
        assertEquals(expected, actual.getFloat(), 1e-5);
    }

    static void assertValues(double[] expected, NDArray actual) {
        float[] got = actual.toFloatArray();
        assertEquals(expected.length, got.length, "element count");
        double[] widened = new double[got.length];
        for (int i = 0; i < got.length; i++) {
            widened[i] = got[i];
        }
        assertArrayEquals(expected, widened, 1e-5);
    }

    static CrossEntropyLossConfig ce(String hocon) {
        return new CrossEntropyLossFactory().parseConfig(ConfigView.parse(hocon));
    }

    static LabelSmoothLossConfig labelSmooth(String hocon) {
        return new LabelSmoothLossFactory().parseConfig(ConfigView.parse(hocon));
    }
}
