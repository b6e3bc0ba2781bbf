package org.pretrain4j.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;

final class MixupTest {
    static final int N = 6;
    static final int C = 2;
    static final int H = 8;
    static final int W = 10;

    /** Image i is filled with the value i, so every mixed pixel tells which images it came from. */
    static NDArray images(NDManager m) {
        return m.arange(0f, N).reshape(N, 1, 1, 1).repeat(1, C).repeat(2, H).repeat(3, W);
    }

    static NDArray oneHot(NDManager m) {
        return m.eye(N);
    }

    @Test
    void mixesImagesAndTargetsWithTheSameRatio() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = images(m);
            NDArray t = oneHot(m);
            float[] before = x.toFloatArray();
            NDList out = new Mixup(new MixupConfig(0.8)).apply(x, t, new SplittableRandom(11));
            assertEquals(new Shape(N, C, H, W), out.get(0).getShape());
            assertEquals(new Shape(N, N), out.get(1).getShape());
            assertSame(m, out.get(0).getManager());
            assertSame(m, out.get(1).getManager());
            assertSame(m, x.getManager(), "inputs must return to their manager");
            assertArrayEquals(before, x.toFloatArray(), "inputs must not change");

            float[] mixed = out.get(0).toFloatArray();
            float[] targets = out.get(1).toFloatArray();
            double lam = Double.NaN;
            int per = C * H * W;
            for (int i = 0; i < N; i++) {
                double rowSum = 0;
                double expected = 0;
                for (int k = 0; k < N; k++) {
                    rowSum += targets[i * N + k];
                    expected += targets[i * N + k] * k;
                }
                assertEquals(1.0, rowSum, 1e-6, "target rows must sum to 1");
                for (int p = 0; p < per; p++) {
                    assertEquals(expected, mixed[i * per + p], 1e-5);
                }
                if (targets[i * N + i] < 0.999f) {
                    lam = targets[i * N + i];
                }
            }
            assertTrue(lam >= 0 && lam <= 1, "lam " + lam);
        }
    }

    @Test
    void sameSeedSameResultOtherSeedOtherResult() {
        try (NDManager m = NDManager.newBaseManager()) {
            Mixup mixup = new Mixup(new MixupConfig(1.0));
            float[] a = mixup.apply(images(m), oneHot(m), new SplittableRandom(5)).get(1).toFloatArray();
            float[] b = mixup.apply(images(m), oneHot(m), new SplittableRandom(5)).get(1).toFloatArray();
            float[] c = mixup.apply(images(m), oneHot(m), new SplittableRandom(6)).get(1).toFloatArray();
            assertArrayEquals(a, b);
            assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
        }
    }

    @Test
    void rejectsClassIndexTargets() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> new Mixup(new MixupConfig(1.0))
                    .apply(images(m), m.arange(0f, N), new SplittableRandom(1)));
        }
    }

    @Test
    void factoryRequiresPositiveAlphaAndDocumentsItsKeys() {
        MixupFactory f = new MixupFactory();
        assertThrows(ConfigException.class, () -> f.parseConfig(ConfigView.parse("")));
        assertThrows(ConfigException.class, () -> f.parseConfig(ConfigView.parse("alpha = 0")));
        ConfigView view = ConfigView.parse(f.example().config());
        assertEquals(0.8, f.parseConfig(view).alpha());
        assertEquals(f.parameters().stream().map(ParamDoc::name).collect(Collectors.toSet()), view.readKeys());
    }
}
