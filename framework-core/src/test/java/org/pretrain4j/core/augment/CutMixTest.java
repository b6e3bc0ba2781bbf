package org.pretrain4j.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;

final class CutMixTest {
    private static final int N = MixupTest.N;
    private static final int PER = MixupTest.C * MixupTest.H * MixupTest.W;

    @Test
    void pastedAreaMatchesTheTargetsWhenLamIsCorrected() {
        CutMix cutmix = new CutMix(CutMixConfig.of(1.0));
        boolean sawPartialBox = false;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = MixupTest.images(m);
            NDArray t = MixupTest.oneHot(m);
            float[] before = x.toFloatArray();
            for (int seed = 0; seed < 20; seed++) {
                NDList out = cutmix.apply(x, t, new SplittableRandom(seed));
                assertSame(m, out.get(0).getManager());
                assertSame(m, out.get(1).getManager());
                float[] mixed = out.get(0).toFloatArray();
                float[] targets = out.get(1).toFloatArray();
                for (int i = 0; i < N; i++) {
                    double rowSum = 0;
                    for (int k = 0; k < N; k++) {
                        rowSum += targets[i * N + k];
                    }
                    assertEquals(1.0, rowSum, 1e-6);
                    int changed = 0;
                    int partner = -1;
                    for (int p = 0; p < PER; p++) {
                        float v = mixed[i * PER + p];
                        if (v != i) {
                            changed++;
                            partner = (int) v;
                        }
                    }
                    // The partner's pixels cover exactly the share of the image the targets give it.
                    double pastedShare = changed / (double) PER;
                    assertEquals(1 - targets[i * N + i], pastedShare, 1e-6, "seed " + seed + " row " + i);
                    if (partner >= 0) {
                        assertEquals(pastedShare, targets[i * N + partner], 1e-6);
                        sawPartialBox |= pastedShare > 0 && pastedShare < 1;
                    }
                }
                out.close();
            }
            assertArrayEquals(before, x.toFloatArray(), "inputs must not change");
        }
        assertTrue(sawPartialBox);
    }

    @Test
    void boxFollowsMmpretrainGeometry() {
        CutMix uncorrected = new CutMix(new CutMixConfig(1.0, null, false));
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 200; i++) {
            double lam = random.nextDouble();
            CutMix.Box box = uncorrected.box(32, 24, lam, random);
            assertEquals(lam, box.lam(), "lam is kept without correct_lam");
            assertTrue(box.y1() >= 0 && box.y2() <= 32 && box.x1() >= 0 && box.x2() <= 24);
            int cutH = (int) (32 * Math.sqrt(1 - lam));
            assertTrue(box.y2() - box.y1() <= cutH / 2 * 2, "box taller than sqrt(1 - lam) * H");
        }
        CutMix minmax = new CutMix(new CutMixConfig(1.0, List.of(0.25, 0.5), false));
        for (int i = 0; i < 200; i++) {
            CutMix.Box box = minmax.box(32, 24, 0.3, random);
            int h = box.y2() - box.y1();
            int w = box.x2() - box.x1();
            assertTrue(h >= 8 && h < 16 && w >= 6 && w < 12, box.toString());
            assertEquals(1 - h * w / (32.0 * 24), box.lam(), 1e-12, "minmax always corrects lam");
        }
    }

    @Test
    void sameSeedSameResult() {
        CutMix cutmix = new CutMix(CutMixConfig.of(1.0));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = MixupTest.images(m);
            NDArray t = MixupTest.oneHot(m);
            assertArrayEquals(cutmix.apply(x, t, new SplittableRandom(9)).get(0).toFloatArray(),
                    cutmix.apply(x, t, new SplittableRandom(9)).get(0).toFloatArray());
        }
    }

    @Test
    void factoryValidatesAndDocumentsItsKeys() {
        CutMixFactory f = new CutMixFactory();
        ConfigView view = ConfigView.parse("alpha = 1.0, cutmix_minmax = [0.2, 0.8], correct_lam = false");
        CutMixConfig config = f.parseConfig(view);
        assertEquals(new CutMixConfig(1.0, List.of(0.2, 0.8), false), config);
        assertEquals(f.parameters().stream().map(ParamDoc::name).collect(Collectors.toSet()), view.readKeys());
        assertEquals(CutMixConfig.of(1.0), f.parseConfig(ConfigView.parse(f.example().config())));
        assertThrows(ConfigException.class, () -> f.parseConfig(ConfigView.parse("alpha = 1, cutmix_minmax = [0.8, 0.2]")));
        assertThrows(ConfigException.class, () -> f.parseConfig(ConfigView.parse("alpha = -1")));
    }
}
