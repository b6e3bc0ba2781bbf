package org.pretrain4j.backbones.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;

/** The norm_cfg reader: mmcv's spellings and defaults, clear errors for the rest. */
final class BatchNormCfgTest {
    private static final BatchNormCfg BN1D = BatchNormCfg.of("BN1d");

    private static Optional<BatchNormCfg> norm(String hocon) {
        return BatchNormCfg.read(ConfigView.parse(hocon), "norm_cfg", BN1D);
    }

    @Test
    void normCfgAbsentNullOrGiven() {
        assertEquals(Optional.of(BN1D), norm(""));
        assertEquals(Optional.empty(), norm("norm_cfg = null"));
        assertEquals(Optional.of(new BatchNormCfg("SyncBN", 1e-3, 0.01, false, false)),
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
    void componentsMayTakeOnlySomeTypes() {
        ConfigView bn1d = ConfigView.parse("norm_cfg { type = bn1d, momentum = 0.01 }");
        assertEquals(Optional.of(new BatchNormCfg("BN1d", 1e-5, 0.01, true, false)),
                BatchNormCfg.read(bn1d, "norm_cfg", null, List.of("BN1d")), "matched ignoring case");
        ConfigException bn = assertThrows(ConfigException.class, () -> BatchNormCfg.read(
                ConfigView.parse("norm_cfg { type = BN }"), "norm_cfg", null, List.of("BN1d")));
        assertEquals("norm_cfg.type", bn.path());
        assertTrue(bn.getMessage().contains("one of BN1d") && bn.getMessage().contains("(N, C, H, W)"),
                bn.getMessage());
        assertEquals(Optional.empty(), BatchNormCfg.read(ConfigView.parse(""), "norm_cfg", null, List.of("BN1d")));
    }

    @Test
    void builtNormHonoursAffineAndRequiresGrad() {
        try (NDManager m = NDManager.newBaseManager()) {
            BatchNorm2d frozen = new BatchNormCfg("BN", 1e-5, 0.1, false, false).build(true);
            frozen.initialize(m, DataType.FLOAT32, new Shape(2, 3));
            assertTrue(frozen.affine());
            assertFalse(frozen.getParameters().get("gamma").requiresGradient());
            BatchNorm2d plain = BN1D.build(false);
            assertFalse(plain.affine());
            assertEquals(2, plain.getParameters().size());
            assertTrue(plain.getParameters().values().stream().noneMatch(Parameter::requiresGradient));
        }
    }
}
