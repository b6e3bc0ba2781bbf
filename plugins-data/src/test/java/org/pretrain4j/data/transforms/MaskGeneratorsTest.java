package org.pretrain4j.data.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Mask;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;

/** BEiTMaskGenerator and SimMIMMaskGenerator: counts, shapes, block structure and determinism. */
final class MaskGeneratorsTest {
    private static final Sample SAMPLE = new Sample(0, new Image(2, 2, 1, new byte[4]), 0, null);

    private static <C> Transform build(ComponentFactory<C, Transform> f, String hocon) {
        return f.create(f.parseConfig(ConfigView.parse(hocon)), null);
    }

    private static Mask mask(Transform t, long seed) {
        Sample out = t.apply(SAMPLE, new SplittableRandom(seed));
        assertSame(SAMPLE.image(), out.image(), "a mask generator leaves the image alone");
        return out.mask();
    }

    @Test
    void beitMasksExactlyTheRequestedPatchesInBlocks() {
        // mmpretrain's BEiT v1 settings: a 14x14 grid, 75 patches, blocks of at least 16.
        Transform t = build(new BEiTMaskGeneratorFactory(), "input_size = 14, num_masking_patches = 75, "
                + "min_num_patches = 16");
        Set<String> distinct = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            Mask m = mask(t, seed);
            assertEquals(14, m.height());
            assertEquals(14, m.width());
            assertEquals(75, m.count(), "seed " + seed);
            for (int i = 0; i < 14; i++) {
                assertEquals(0, m.get(13, i), "the last row is never masked (numpy's exclusive randint)");
                assertEquals(0, m.get(i, 13), "the last column is never masked");
            }
            assertTrue(neighbouredFraction(m) > 0.9, "masked patches come in blocks");
            distinct.add(Arrays.toString(m.values()));
            assertArrayEquals(m.values(), mask(t, seed).values(), "same seed, same mask");
        }
        assertEquals(50, distinct.size());
    }

    /** The fraction of masked patches with a masked 4-neighbour. */
    private static double neighbouredFraction(Mask m) {
        int masked = 0;
        int neighboured = 0;
        for (int y = 0; y < m.height(); y++) {
            for (int x = 0; x < m.width(); x++) {
                if (m.get(y, x) == 1) {
                    masked++;
                    boolean n = y > 0 && m.get(y - 1, x) == 1 || y + 1 < m.height() && m.get(y + 1, x) == 1
                            || x > 0 && m.get(y, x - 1) == 1 || x + 1 < m.width() && m.get(y, x + 1) == 1;
                    neighboured += n ? 1 : 0;
                }
            }
        }
        return (double) neighboured / masked;
    }

    @Test
    void beitHandlesRectangularGridsAndSmallCounts() {
        Transform t = build(new BEiTMaskGeneratorFactory(), "input_size = [6, 9], num_masking_patches = 40, "
                + "min_num_patches = 4, max_num_patches = 6, min_aspect = 0.5, max_aspect = 3");
        for (long seed = 0; seed < 20; seed++) {
            Mask m = mask(t, seed);
            assertEquals(6, m.height());
            assertEquals(9, m.width());
            assertEquals(40, m.count());
        }
        assertEquals(0, mask(build(new BEiTMaskGeneratorFactory(), "input_size = 4, num_masking_patches = 0"), 1)
                .count());
    }

    @Test
    void beitRejectsCountsItCouldNeverReach() {
        ConfigException tooMany = assertThrows(ConfigException.class, () -> build(new BEiTMaskGeneratorFactory(),
                "input_size = 4, num_masking_patches = 10"));
        assertTrue(tooMany.getMessage().contains("0 to 9"), tooMany.getMessage());
        assertThrows(ConfigException.class, () -> build(new BEiTMaskGeneratorFactory(),
                "input_size = 1, num_masking_patches = 0"));
        assertThrows(ConfigException.class, () -> build(new BEiTMaskGeneratorFactory(),
                "input_size = 14, num_masking_patches = 10, min_aspect = 0"));
        assertThrows(ConfigException.class, () -> build(new BEiTMaskGeneratorFactory(), "input_size = 14"));
    }

    @Test
    void simMimMasksWholeSquaresAtModelPatchResolution() {
        // mmpretrain's defaults: 192 px, squares of 32 px, patches of 4 px: a 6x6 grid of squares, 22 masked,
        // expressed as a 48x48 patch mask.
        Transform t = build(new SimMIMMaskGeneratorFactory(), "");
        Mask m = mask(t, 3);
        assertEquals(48, m.height());
        assertEquals(48, m.width());
        assertEquals(22 * 8 * 8, m.count());
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                assertEquals(m.get(y / 8 * 8, x / 8 * 8), m.get(y, x), "constant within a square");
            }
        }
        assertArrayEquals(m.values(), mask(t, 3).values());
        assertFalse(Arrays.equals(m.values(), mask(t, 4).values()));
        Mask small = mask(build(new SimMIMMaskGeneratorFactory(), "input_size = 32, mask_patch_size = 8, "
                + "model_patch_size = 4, mask_ratio = 0.5"), 0);
        assertEquals(8, small.height());
        assertEquals(8 * 4, small.count());
    }

    @Test
    void simMimRejectsSizesThatDoNotDivide() {
        assertThrows(ConfigException.class, () -> build(new SimMIMMaskGeneratorFactory(), "mask_patch_size = 30"));
        assertThrows(ConfigException.class, () -> build(new SimMIMMaskGeneratorFactory(), "model_patch_size = 5"));
        assertThrows(ConfigException.class, () -> build(new SimMIMMaskGeneratorFactory(), "mask_ratio = 1.5"));
    }
}
