package org.pretrain4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pretrain4j.losses.Fixtures.N;
import static org.pretrain4j.losses.Fixtures.assertScalar;
import static org.pretrain4j.losses.Fixtures.assertValues;
import static org.pretrain4j.losses.Fixtures.labelSmooth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;

final class LabelSmoothLossTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray loss(String hocon, NDArray target, Float avgFactor) {
        return new LabelSmoothLoss(labelSmooth(hocon)).loss(Fixtures.logits(manager), target, null, avgFactor);
    }

    @Test
    void originalMode() {
        NDArray y = Fixtures.labels(manager);
        assertScalar(1.2961773858, loss("label_smooth_val = 0.1", y, N));
        assertValues(new double[] {0.6326819, 0.36625502, 2.88959524},
                loss("label_smooth_val = 0.1, reduction = none", y, null));
        // (N, 1) index labels, and an explicit matching num_classes, change nothing.
        assertScalar(1.2961773858, loss("label_smooth_val = 0.1, num_classes = 4", y.reshape(3, 1), N));
        assertScalar(2 * 1.2961773858, loss("label_smooth_val = 0.1, loss_weight = 2", y, N));
    }

    @Test
    void zeroSmoothingIsPlainCrossEntropy() {
        assertScalar(1.2028440524, loss("label_smooth_val = 0", Fixtures.labels(manager), N));
    }

    @Test
    void classyVisionMode() {
        assertScalar(1.2876925373, loss("label_smooth_val = 0.1, mode = classy_vision", Fixtures.labels(manager), N));
    }

    @Test
    void multiLabelModeUsesSigmoidByDefault() {
        assertScalar(3.2261918893, loss("label_smooth_val = 0.1, mode = multi_label", Fixtures.labels(manager), N));
        assertScalar(2.2395252226, loss("label_smooth_val = 0.1, mode = multi_label", Fixtures.soft(manager), N));
        NDArray none = loss("label_smooth_val = 0.1, mode = multi_label, reduction = none", Fixtures.labels(manager),
                null);
        assertEquals(new Shape(3, 4), none.getShape());
    }

    @Test
    void denseTargetsAreSmoothedToo() {
        assertScalar(1.0111773858, loss("label_smooth_val = 0.1", Fixtures.soft(manager), N));
    }

    @Test
    void sigmoidSwitchFollowsMode() {
        assertFalse(labelSmooth("label_smooth_val = 0.1").sigmoid());
        assertTrue(labelSmooth("label_smooth_val = 0.1, mode = multi_label").sigmoid());
        assertFalse(labelSmooth("label_smooth_val = 0.1, mode = multi_label, use_sigmoid = false").sigmoid());
        assertTrue(labelSmooth("label_smooth_val = 0.1, use_sigmoid = true").sigmoid());
        assertNull(labelSmooth("label_smooth_val = 0.1").useSigmoid());
        assertEquals(0.1 / 1.1, labelSmooth("label_smooth_val = 0.1, mode = classy_vision").effectiveEpsilon(), 1e-12);
    }

    @Test
    void configErrors() {
        ConfigException missing = assertThrows(ConfigException.class, () -> labelSmooth(""));
        assertTrue(missing.getMessage().contains("label_smooth_val"), missing.getMessage());
        ConfigException one = assertThrows(ConfigException.class, () -> labelSmooth("label_smooth_val = 1.0"));
        assertTrue(one.getMessage().contains("[0, 1)"), one.getMessage());
        assertThrows(ConfigException.class, () -> labelSmooth("label_smooth_val = -0.1"));
        ConfigException mode = assertThrows(ConfigException.class,
                () -> labelSmooth("label_smooth_val = 0.1, mode = classy"));
        assertTrue(mode.getMessage().contains("classy_vision"), mode.getMessage());
        assertThrows(ConfigException.class, () -> labelSmooth("label_smooth_val = 0.1, num_classes = 0"));
        assertThrows(ConfigException.class, () -> labelSmooth("label_smooth_val = 0.1, pos_weight = [2]"));
        assertThrows(IllegalArgumentException.class, () -> LabelSmoothLossConfig.of(1.0));
    }

    @Test
    void numClassesMustMatchThePrediction() {
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> loss("label_smooth_val = 0.1, num_classes = 5", Fixtures.labels(manager), N));
        assertTrue(e.getMessage().contains("num_classes = 5"), e.getMessage());
    }
}
