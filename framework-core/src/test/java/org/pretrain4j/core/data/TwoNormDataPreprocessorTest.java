package org.pretrain4j.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;

/**
 * {@code TwoNormDataPreprocessor}: the first view normalised by mean and std, the second (of another size) by
 * second_mean and second_std, to_rgb on both; it takes exactly two views, and its config needs all four statistics.
 */
final class TwoNormDataPreprocessorTest {
    /** Two images; view 1 is 2x2 BGR with pixel value (b, g, r) = (10, 20, 30) + image, view 2 is 1x1 the same. */
    private static HostBatch batch(int extraViews) {
        int n = 2;
        byte[] first = new byte[n * 3 * 4];
        byte[] second = new byte[n * 3];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 4; p++) {
                    first[(i * 3 + c) * 4 + p] = (byte) (10 * (c + 1) + i);
                }
                second[i * 3 + c] = (byte) (10 * (c + 1) + i);
            }
        }
        List<HostBatch.View> views = Collections.nCopies(extraViews, new HostBatch.View(second, 3, 1, 1));
        return new HostBatch(first, n, 3, 2, 2, new int[] {-1, -1}, new int[] {0, 1}, null, views, null);
    }

    private static SelfSupDataPreprocessor parse(String hocon) {
        return SelfSupDataPreprocessor.fromConfig(ConfigView.parse(hocon));
    }

    @Test
    void eachViewIsNormalisedWithItsOwnStatistics() {
        SelfSupDataPreprocessor pre = parse("type = TwoNormDataPreprocessor, mean = [1, 2, 3], std = [2, 2, 2], "
                + "second_mean = [127.5, 127.5, 127.5], second_std = [127.5, 127.5, 127.5], to_rgb = true, "
                + "num_classes = 10");
        try (NDManager m = NDManager.newBaseManager()) {
            NDList inputs = pre.inputs(batch(1), m);
            assertEquals(2, inputs.size());
            assertEquals(new Shape(2, 3, 2, 2), inputs.get(0).getShape());
            assertEquals(new Shape(2, 3, 1, 1), inputs.get(1).getShape());
            // to_rgb: channel 0 is red (30 + i); the first view uses mean/std, the second maps 0..255 to [-1, 1].
            float[] first = inputs.get(0).get(":, :, 0, 0").toFloatArray();
            assertArrayEquals(new float[] {(30 - 1) / 2f, (20 - 2) / 2f, (10 - 3) / 2f,
                (31 - 1) / 2f, (21 - 2) / 2f, (11 - 3) / 2f}, first, 1e-6f);
            float[] second = inputs.get(1).toFloatArray();
            assertArrayEquals(new float[] {30 / 127.5f - 1, 20 / 127.5f - 1, 10 / 127.5f - 1,
                31 / 127.5f - 1, 21 / 127.5f - 1, 11 / 127.5f - 1}, second, 1e-6f);
        }
    }

    @Test
    void takesExactlyTwoViews() {
        SelfSupDataPreprocessor pre = SelfSupDataPreprocessor.twoNorm(new float[] {0}, new float[] {1},
                new float[] {0}, new float[] {1}, false);
        try (NDManager m = NDManager.newBaseManager()) {
            for (int extra : new int[] {0, 2}) {
                DataException e = assertThrows(DataException.class, () -> pre.inputs(batch(extra), m));
                assertTrue(e.getMessage().contains("RandomResizedCropAndInterpolationWithTwoPic"), e.getMessage());
            }
        }
    }

    @Test
    void configNeedsAllFourStatistics() {
        for (String bad : List.of("mean = [1], std = [1]", "mean = [1], std = [1], second_mean = [1]",
                "second_mean = [1], second_std = [1]", "mean = [1], std = [1], second_mean = [1], second_std = [0]")) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> parse("type = TwoNormDataPreprocessor, " + bad), bad);
            assertTrue(e.getMessage().contains("mean") || e.getMessage().contains("std"), e.getMessage());
        }
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("type = SelfSupDataPreprocessor, mean = [1], std = [1], second_mean = [1], "
                        + "second_std = [1]"));
        assertTrue(e.getMessage().contains("second_mean"), e.getMessage());
    }
}
