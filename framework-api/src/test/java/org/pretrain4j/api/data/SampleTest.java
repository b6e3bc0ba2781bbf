package org.pretrain4j.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Views and masks on a sample: what transforms keep, and what the constructors refuse. */
final class SampleTest {
    private static Image pixel(int v) {
        return new Image(1, 1, 1, new byte[] {(byte) v});
    }

    @Test
    void viewsAndMaskSurviveLaterTransforms() {
        Sample s = Sample.multiLabel(2, pixel(0), new int[] {1}, "f.png");
        assertEquals(1, s.viewCount());
        assertTrue(s.extraViews().isEmpty());
        assertNull(s.mask());
        Mask mask = new Mask(1, 2, new byte[] {0, 1});
        Sample v = s.withViews(List.of(pixel(1), pixel(2), pixel(3))).withMask(mask);
        assertEquals(3, v.viewCount());
        assertEquals(1, v.image().get(0, 0, 0));
        assertEquals(List.of(1, 2, 3), v.views().stream().map(i -> i.get(0, 0, 0)).toList());
        Sample later = v.withImage(pixel(9));
        assertEquals(List.of(9, 2, 3), later.views().stream().map(i -> i.get(0, 0, 0)).toList());
        assertSame(mask, later.mask());
        assertTrue(later.isMultiLabel());
        assertEquals("f.png", later.path());
    }

    @Test
    void badViewsAndMasksAreRefused() {
        Sample s = new Sample(0, pixel(0), 0, null);
        assertThrows(IllegalArgumentException.class, () -> s.withViews(List.of()));
        assertThrows(IllegalArgumentException.class, () -> s.withViews(Arrays.asList(pixel(1), null)));
        assertThrows(IllegalArgumentException.class,
                () -> new Sample(0, null, 0, null, null, List.of(pixel(1)), null));
        assertThrows(IllegalArgumentException.class, () -> new Mask(2, 2, new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> new Mask(1, 1, new byte[] {2}));
        assertEquals(2, new Mask(2, 2, new byte[] {1, 0, 0, 1}).count());
    }
}
