package org.pretrain4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.train.OptimParam;

/**
 * mmpretrain's LARS rule over three steps, against tools/fixtures/lars.py (the same rule written with torch
 * tensors, float32): each expected row below is that script's output for the case named in the comment.
 */
final class LarsTest {
    private static final float TOL = 3e-6f;

    private static void check(LarsConfig config, boolean exclude, float[] w0, float[][] expected) {
        try (NDManager manager = NDManager.newBaseManager()) {
            OptimParam plain = OptimTesting.param(manager, "fc.weight", w0, 1, 1);
            OptimParam p = new OptimParam(plain.name(), plain.parameter(), 1, 1, false, exclude);
            Lars lars = new Lars(config);
            for (int i = 0; i < 3; i++) {
                OptimTesting.step(lars, p, OptimTesting.GRADS[i], config.lr(), manager);
                assertArrayEquals(expected[i], OptimTesting.values(p), TOL, "step " + (i + 1));
            }
        }
    }

    @Test
    void defaultsScaleTheStepByTheTrustRatio() {
        // "defaults: lr 0.1"
        check(LarsConfig.of(0.1), false, OptimTesting.W0, new float[][] {
            {0.9998999834060669f, -2.000200033187866f, 0.5000500082969666f},
            {0.9999971389770508f, -2.000394344329834f, 0.49997714161872864f},
            {0.9999613761901855f, -2.0003228187561035f, 0.4997624158859253f}});
    }

    @Test
    void momentumBufferHoldsScaledStepsAndDecayEntersTheRatio() {
        // "momentum 0.9, weight_decay 0.01, eta 0.5, lr 1"
        check(new LarsConfig(1, 0.9, 0.01, 0, 0.5, false, 1e-8), false, OptimTesting.W0, new float[][] {
            {0.5f, -2.960784435272217f, 0.7401961088180542f},
            {0.6939071416854858f, -5.100615501403809f, 0.4662253260612488f},
            {0.46659016609191895f, -6.164731025695801f, -2.1335268020629883f}});
    }

    @Test
    void nesterov() {
        // "nesterov, momentum 0.9, weight_decay 0.01, eta 0.5, lr 1"
        check(new LarsConfig(1, 0.9, 0.01, 0, 0.5, true, 1e-8), false, OptimTesting.W0, new float[][] {
            {0.050000011920928955f, -3.8254902362823486f, 0.9563725590705872f},
            {1.2065513134002686f, -7.668623924255371f, -0.035759687423706055f},
            {0.35625720024108887f, -7.141707420349121f, -6.955946922302246f}});
    }

    @Test
    void dampening() {
        // "dampening 0.1, momentum 0.9, eta 0.5, lr 1"
        check(new LarsConfig(1, 0.9, 0, 0.1, 0.5, false, 1e-8), false, OptimTesting.W0, new float[][] {
            {0.5f, -3.0f, 0.75f},
            {0.6476781368255615f, -5.095355987548828f, 0.5267413854598999f},
            {0.41772156953811646f, -6.2554426193237305f, -1.8513926267623901f}});
    }

    @Test
    void larsExcludeIsSgdWithMomentum() {
        // "lars_exclude, momentum 0.9, weight_decay 0.01, lr 0.1": the same values as SgdTest's momentum case,
        // since a constant lr factors out of the buffer.
        check(new LarsConfig(0.1, 0.9, 0.01, 0, 0.5, false, 1e-8), true, OptimTesting.W0, new float[][] {
            {0.9490000009536743f, -2.0980000495910645f, 0.5245000123977661f},
            {1.0021510124206543f, -2.3841021060943604f, 0.4710255265235901f},
            {1.0239847898483276f, -2.589209794998169f, 0.2724274694919586f}});
    }

    @Test
    void zeroWeightTakesAPlainStep() {
        // "zero weight: no adaptation on the first step, lr 0.1, eta 0.5"
        check(new LarsConfig(0.1, 0, 0, 0, 0.5, false, 1e-8), false, new float[] {0f, 0f, 0f}, new float[][] {
            {-0.05000000074505806f, -0.10000000149011612f, 0.02500000037252903f},
            {-0.04757124185562134f, -0.10485751926898956f, 0.023178430274128914f},
            {-0.048488400876522064f, -0.10302320122718811f, 0.017675476148724556f}});
    }

    @Test
    void fixLrIgnoresTheScheduledRate() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter w = OptimTesting.param(manager, "w", new float[] {2f}, 1, 1).parameter();
            OptimParam p = new OptimParam("w", w, 1, 1, true, true);
            Lars lars = new Lars(new LarsConfig(0.1, 0, 0, 0, 0.001, false, 1e-8));
            // scheduled 0.001, but fix_lr keeps the base 0.1; lars_exclude: no trust ratio
            OptimTesting.step(lars, p, new float[] {1f}, 0.001, manager);
            assertEquals(1.9f, OptimTesting.values(p)[0], 1e-6f);
        }
    }

    @Test
    void factoryReadsMmpretrainKeys() {
        LarsFactory f = new LarsFactory();
        assertEquals(new LarsConfig(4.8, 0.9, 1e-6, 0, 0.001, false, 1e-8),
                f.parseConfig(ConfigView.parse("lr = 4.8, momentum = 0.9, weight_decay = 1e-6")));
        assertThrows(ConfigException.class, () -> f.parseConfig(ConfigView.parse("lr = 0.1, nesterov = true")));
        assertThrows(ConfigException.class, () -> f.parseConfig(ConfigView.parse("lr = 0.1, eta = -1")));
        assertThrows(ConfigException.class, () -> f.parseConfig(ConfigView.parse("momentum = 0.9")));
        assertThrows(IllegalArgumentException.class, () -> new LarsConfig(0.1, 0, 0, 0, -1, false, 1e-8));
        ConfigView view = ConfigView.parse(f.example().config());
        f.parseConfig(view);
        assertEquals(f.parameters().stream().map(ParamDoc::name).collect(Collectors.toSet()), view.readKeys());
        assertEquals(List.of(), List.copyOf(new Lars(LarsConfig.of(1)).state().keySet()));
    }
}
