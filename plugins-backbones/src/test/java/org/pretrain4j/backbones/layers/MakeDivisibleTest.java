package org.pretrain4j.backbones.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** mmpretrain's make_divisible; expected values from its Python definition (tools/fixtures/cnn_parity.py). */
final class MakeDivisibleTest {
    @Test
    void roundsToTheNearestMultipleWithinTenPercent() {
        assertEquals(32, MakeDivisible.of(32, 8));
        assertEquals(8, MakeDivisible.of(32 * 0.25, 8));
        assertEquals(16, MakeDivisible.of(12, 8)); // 12 + 4 rounds up
        assertEquals(16, MakeDivisible.of(10, 8)); // 8 would lose more than 10% of 10
        assertEquals(24, MakeDivisible.of(23.5, 8));
        assertEquals(8, MakeDivisible.of(1, 8)); // never below the divisor
        assertEquals(56, MakeDivisible.of(160 * 0.35, 8));
        assertEquals(240, MakeDivisible.of(960 / 4, 8));
        assertEquals(32, MakeDivisible.of(10, 8, 32, 0.9));
        assertEquals(12, MakeDivisible.of(9, 4, 4, 1.0)); // min_ratio 1: any rounding down adds a divisor
    }

    @Test
    void rejectsANonPositiveDivisor() {
        assertThrows(IllegalArgumentException.class, () -> MakeDivisible.of(10, 0));
    }
}
