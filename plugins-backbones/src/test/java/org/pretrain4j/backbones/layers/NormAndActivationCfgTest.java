package org.pretrain4j.backbones.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;

/** norm_cfg and act_cfg readers: mmcv's spellings and defaults, clear errors for the rest. */
final class NormAndActivationCfgTest {
    private static final BatchNormCfg BN1D = BatchNormCfg.of("BN1d");

    private static Optional<BatchNormCfg> norm(String hocon) {
        return BatchNormCfg.read(ConfigView.parse(hocon), "norm_cfg", BN1D);
    }

    @Test
    void normCfgAbsentNullOrGiven() {
        assertEquals(Optional.of(BN1D), norm(""));
        assertEquals(Optional.empty(), norm("norm_cfg = null"));
        assertEquals(Optional.of(new BatchNormCfg("SyncBN", 1e-3, 0.01, false)),
                norm("norm_cfg { type = SyncBN, eps = 0.001, momentum = 0.01, requires_grad = false }"));
        assertEquals(Optional.of(BatchNormCfg.of("BN")), norm("norm_cfg { type = BN }"));
    }

    @Test
    void normCfgRejectsOtherLayersAndKeys() {
        ConfigException type = assertThrows(ConfigException.class, () -> norm("norm_cfg { type = GN }"));
        assertEquals("norm_cfg.type", type.path());
        assertTrue(type.getMessage().contains("BN, BN1d, SyncBN"), type.getMessage());
        assertEquals("norm_cfg.num_groups",
                assertThrows(ConfigException.class, () -> norm("norm_cfg { type = BN, num_groups = 2 }")).path());
        assertEquals("norm_cfg.momentum",
                assertThrows(ConfigException.class, () -> norm("norm_cfg { type = BN, momentum = 2 }")).path());
        assertEquals("norm_cfg.eps",
                assertThrows(ConfigException.class, () -> norm("norm_cfg { type = BN, eps = 0 }")).path());
    }

    @Test
    void builtNormHonoursAffineAndRequiresGrad() {
        try (NDManager m = NDManager.newBaseManager()) {
            BatchNorm2d frozen = new BatchNormCfg("BN", 1e-5, 0.1, false).build(true);
            frozen.initialize(m, DataType.FLOAT32, new Shape(2, 3));
            assertTrue(frozen.affine());
            assertFalse(frozen.getParameters().get("gamma").requiresGradient());
            BatchNorm2d plain = BN1D.build(false);
            assertFalse(plain.affine());
            assertEquals(2, plain.getParameters().size());
            assertTrue(plain.getParameters().values().stream().noneMatch(Parameter::requiresGradient));
        }
    }

    @Test
    void activationsFollowMmcv() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] x = {-2f, 0f, 3f, 8f};
            assertArrayEquals(new float[] {0f, 0f, 3f, 8f}, act("type = ReLU, inplace = true", m, x), 1e-6f);
            assertArrayEquals(new float[] {0f, 0f, 3f, 6f}, act("type = ReLU6", m, x), 1e-6f);
            assertArrayEquals(new float[] {-0.02f, 0f, 3f, 8f}, act("type = LeakyReLU", m, x), 1e-6f);
            assertArrayEquals(new float[] {-0.4f, 0f, 3f, 8f}, act("type = LeakyReLU, negative_slope = 0.2", m, x),
                    1e-6f);
            // torch.nn.GELU()(torch.tensor([-2., 0., 3., 8.])) and torch.nn.SiLU(), from /usr/bin/python3.
            assertArrayEquals(new float[] {-0.0455003f, 0f, 2.9959502f, 8f}, act("type = GELU", m, x), 1e-5f);
            assertArrayEquals(new float[] {-0.2384058f, 0f, 2.8577223f, 7.9973164f}, act("type = Swish", m, x), 1e-5f);
            assertArrayEquals(act("type = SiLU", m, x), act("type = Swish", m, x), 0f);
        }
        ConfigView bad = ConfigView.parse("act_cfg { type = HardSwishy }");
        assertEquals("act_cfg.type", assertThrows(ConfigException.class,
                () -> ActivationCfg.read(bad, "act_cfg")).path());
        ConfigView extra = ConfigView.parse("act_cfg { type = ReLU, negative_slope = 0.1 }");
        assertEquals("act_cfg.negative_slope", assertThrows(ConfigException.class,
                () -> ActivationCfg.read(extra, "act_cfg")).path());
        assertEquals(Optional.empty(), ActivationCfg.read(ConfigView.parse("act_cfg = null"), "act_cfg"));
    }

    private static float[] act(String hocon, NDManager m, float[] x) {
        ActivationCfg cfg = ActivationCfg.parse(ConfigView.parse(hocon));
        return cfg.apply(m.create(x)).toFloatArray();
    }
}
