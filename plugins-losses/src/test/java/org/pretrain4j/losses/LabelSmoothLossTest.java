package org.pretrain4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pretrain4j.api.config.ConfigView;

/** How the config resolves the mode's defaults; the numbers are checked against PyTorch in the fixtures. */
final class LabelSmoothLossTest {
    private static LabelSmoothLossConfig config(String hocon) {
        return new LabelSmoothLossFactory().parseConfig(ConfigView.parse(hocon));
    }

    @Test
    void sigmoidSwitchFollowsMode() {
        assertFalse(config("label_smooth_val = 0.1").sigmoid());
        assertTrue(config("label_smooth_val = 0.1, mode = multi_label").sigmoid());
        assertFalse(config("label_smooth_val = 0.1, mode = multi_label, use_sigmoid = false").sigmoid());
        assertTrue(config("label_smooth_val = 0.1, use_sigmoid = true").sigmoid());
        assertNull(config("label_smooth_val = 0.1").useSigmoid());
    }

    @Test
    void classyVisionShrinksEpsilon() {
        assertEquals(0.1 / 1.1, config("label_smooth_val = 0.1, mode = classy_vision").effectiveEpsilon(), 1e-12);
        assertEquals(0.1, config("label_smooth_val = 0.1, mode = multi_label").effectiveEpsilon(), 1e-12);
    }
}
