package org.pretrain4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.train.OptimParam;

/** torch.optim.SGD's rule, against values computed by hand (float32, see the comments) over three steps. */
final class SgdTest {
    private static final float TOL = 2e-6f;

    private static void check(SgdConfig config, float[][] expected) {
        try (NDManager manager = NDManager.newBaseManager()) {
            OptimParam p = OptimTesting.param(manager, "fc.weight", OptimTesting.W0, 1, 1);
            Sgd sgd = new Sgd(config);
            for (int i = 0; i < 3; i++) {
                OptimTesting.step(sgd, p, OptimTesting.GRADS[i], config.lr(), manager);
                assertArrayEquals(expected[i], OptimTesting.values(p), TOL, "step " + (i + 1));
            }
        }
    }

    @Test
    void plainSgdSubtractsLrTimesGradient() {
        // w1 = w0 - 0.1 * g1 = [1 - 0.05, -2 - 0.1, 0.5 + 0.025]
        check(SgdConfig.of(0.1), new float[][] {
            {0.95f, -2.1f, 0.525f}, {1.05f, -2.3f, 0.45f}, {1.025f, -2.25f, 0.3f}});
    }

    @Test
    void momentumWithWeightDecay() {
        // step 1: d = g + 0.01 w = [0.51, 0.98, -0.245], buf = d, w = w - 0.1 d = [0.949, -2.098, 0.5245]
        // step 2: d = g + 0.01 w1 = [-0.99051, 1.97902, 0.755245], buf = 0.9 buf + d, w2 = w1 - 0.1 buf
        check(new SgdConfig(0.1, 0.9, 0, 0.01, false), new float[][] {
            {0.949f, -2.098f, 0.5245f},
            {1.0021510124206543f, -2.3841021060943604f, 0.4710255265235901f},
            {1.0239847898483276f, -2.589209794998169f, 0.27242743968963623f}});
    }

    @Test
    void dampeningScalesNewGradientsAfterTheFirstStep() {
        // the first buffer is the gradient itself; later ones add (1 - 0.1) * g
        check(new SgdConfig(0.1, 0.9, 0.1, 0, false), new float[][] {
            {0.95f, -2.1f, 0.525f}, {0.995f, -2.37f, 0.48f}, {1.013f, -2.568f, 0.3045f}});
    }

    @Test
    void nesterov() {
        // step 1: d = [0.51, 0.98, -0.245], buf = d, update d + 0.9 buf = 1.9 d
        check(new SgdConfig(0.1, 0.9, 0, 0.01, true), new float[][] {
            {0.9031000137329102f, -2.186199903488159f, 0.5465499758720398f},
            {1.0500741004943848f, -2.6414260864257812f, 0.42285653948783875f},
            {1.043668508529663f, -2.773078441619873f, 0.09372091293334961f}});
    }

    @Test
    void multipliersScaleLrAndDecay() {
        try (NDManager manager = NDManager.newBaseManager()) {
            OptimParam p = OptimTesting.param(manager, "w", new float[] {2f}, 0.5, 0);
            Sgd sgd = new Sgd(new SgdConfig(0.1, 0, 0, 0.5, false));
            OptimTesting.step(sgd, p, new float[] {1f}, 0.1, manager);
            // lr 0.05, no decay: 2 - 0.05 * 1
            assertEquals(1.95f, OptimTesting.values(p)[0], 1e-6f);
        }
    }

    @Test
    void stateRoundTripContinuesIdentically() {
        try (NDManager manager = NDManager.newBaseManager()) {
            OptimParam a = OptimTesting.param(manager, "fc.weight", OptimTesting.W0, 1, 1);
            Sgd first = new Sgd(new SgdConfig(0.1, 0.9, 0, 0.01, true));
            OptimTesting.step(first, a, OptimTesting.GRADS[0], 0.1, manager);
            OptimTesting.step(first, a, OptimTesting.GRADS[1], 0.1, manager);
            assertEquals(List.of("fc.weight.momentum_buffer"), List.copyOf(first.state().keySet()));

            OptimParam b = OptimTesting.param(manager, "fc.weight", OptimTesting.values(a), 1, 1);
            Sgd resumed = new Sgd(new SgdConfig(0.1, 0.9, 0, 0.01, true));
            try (NDManager loaded = NDManager.newBaseManager()) {
                var saved = new java.util.LinkedHashMap<String, ai.djl.ndarray.NDArray>();
                first.state().forEach((k, v) -> saved.put(k, v.duplicate()));
                saved.values().forEach(v -> v.attach(loaded));
                resumed.loadState(saved, manager);
            }
            OptimTesting.step(first, a, OptimTesting.GRADS[2], 0.1, manager);
            OptimTesting.step(resumed, b, OptimTesting.GRADS[2], 0.1, manager);
            assertArrayEquals(OptimTesting.values(a), OptimTesting.values(b), 0f);
            assertArrayEquals(first.state().get("fc.weight.momentum_buffer").toFloatArray(),
                    resumed.state().get("fc.weight.momentum_buffer").toFloatArray(), 0f);
        }
    }

    @Test
    void loadingAnotherOptimizersStateFails() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Sgd sgd = new Sgd(new SgdConfig(0.1, 0.9, 0, 0, false));
            var e = assertThrows(IllegalArgumentException.class,
                    () -> sgd.loadState(java.util.Map.of("w.exp_avg", manager.zeros(new ai.djl.ndarray.types.Shape(2))),
                            manager));
            assertTrue(e.getMessage().contains("w.exp_avg"), e.getMessage());
        }
    }

    @Test
    void loadedStateOfWrongShapeFailsOnTheNextStep() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Sgd sgd = new Sgd(new SgdConfig(0.1, 0.9, 0, 0, false));
            sgd.loadState(java.util.Map.of("w.momentum_buffer", manager.zeros(new ai.djl.ndarray.types.Shape(2))),
                    manager);
            OptimParam p = OptimTesting.param(manager, "w", OptimTesting.W0, 1, 1);
            var e = assertThrows(IllegalStateException.class,
                    () -> OptimTesting.step(sgd, p, OptimTesting.GRADS[0], 0.1, manager));
            assertTrue(e.getMessage().contains("w.momentum_buffer"), e.getMessage());
        }
    }

    @Test
    void factoryReadsTorchKeysAndRejectsNesterovWithoutMomentum() {
        SgdFactory f = new SgdFactory();
        SgdConfig c = f.parseConfig(ConfigView.parse("lr = 0.1, momentum = 0.9, weight_decay = 1e-4, nesterov = true"));
        assertEquals(new SgdConfig(0.1, 0.9, 0, 1e-4, true), c);
        assertThrows(ConfigException.class, () -> f.parseConfig(ConfigView.parse("lr = 0.1, nesterov = true")));
        assertThrows(ConfigException.class,
                () -> f.parseConfig(ConfigView.parse("lr = 0.1, momentum = 0.9, dampening = 0.1, nesterov = true")));
        assertThrows(ConfigException.class, () -> f.parseConfig(ConfigView.parse("momentum = 0.9")));
        assertThrows(ConfigException.class, () -> f.parseConfig(ConfigView.parse("lr = -1")));
        ConfigView view = ConfigView.parse(f.example().config());
        f.parseConfig(view);
        assertEquals(f.parameters().stream().map(org.pretrain4j.api.ParamDoc::name).collect(
                java.util.stream.Collectors.toSet()), view.readKeys());
    }
}
