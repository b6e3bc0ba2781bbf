package org.pretrain4j.losses;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pretrain4j.api.config.ConfigException;

/** Bad config values are rejected when parsed, with an error that names the key and says what is expected. */
final class LossConfigErrorsTest {
    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("CrossEntropyLoss", "use_sigmoid = true, use_soft = true", "use_soft",
                        "mutually exclusive"),
                Arguments.of("CrossEntropyLoss", "reduction = avg", "reduction", "none, mean, sum"),
                Arguments.of("CrossEntropyLoss", "pos_weight = [1.0]", "pos_weight", "use_sigmoid"),
                Arguments.of("CrossEntropyLoss", "class_weight = []", "class_weight", "non-empty"),
                Arguments.of("LabelSmoothLoss", "", "label_smooth_val", "missing"),
                Arguments.of("LabelSmoothLoss", "label_smooth_val = 1.0", "label_smooth_val", "[0, 1)"),
                Arguments.of("LabelSmoothLoss", "label_smooth_val = -0.1", "label_smooth_val", "[0, 1)"),
                Arguments.of("LabelSmoothLoss", "label_smooth_val = 0.1, mode = classy", "mode", "classy_vision"),
                Arguments.of("LabelSmoothLoss", "label_smooth_val = 0.1, num_classes = 0", "num_classes",
                        "positive"),
                Arguments.of("LabelSmoothLoss", "label_smooth_val = 0.1, pos_weight = [2]", "pos_weight",
                        "use_sigmoid"),
                Arguments.of("L1Loss", "reduction = avg", "reduction", "none, mean, sum"),
                Arguments.of("MSELoss", "loss_weight = heavy", "loss_weight", "number"),
                Arguments.of("FocalLoss", "gamma = -1", "gamma", ">= 0"),
                Arguments.of("FocalLoss", "alpha = 1.5", "alpha", "[0, 1]"),
                Arguments.of("AsymmetricLoss", "gamma_neg = -4", "gamma_neg", ">= 0"),
                Arguments.of("AsymmetricLoss", "gamma_pos = -1", "gamma_pos", ">= 0"),
                Arguments.of("AsymmetricLoss", "clip = 1.5", "clip", "[0, 1]"),
                Arguments.of("AsymmetricLoss", "eps = 0", "eps", "> 0"),
                Arguments.of("SeesawLoss", "use_sigmoid = true", "use_sigmoid", "softmax"),
                Arguments.of("SeesawLoss", "num_classes = 0", "num_classes", "positive"),
                Arguments.of("SeesawLoss", "p = -0.8", "p", ">= 0"),
                Arguments.of("SeesawLoss", "q = -2", "q", ">= 0"),
                Arguments.of("SeesawLoss", "eps = -0.01", "eps", "> 0"),
                Arguments.of("CosineSimilarityLoss", "scale_factor = large", "scale_factor", "number"),
                Arguments.of("PixelReconstructionLoss", "", "criterion", "L1 or L2"),
                Arguments.of("PixelReconstructionLoss", "criterion = L3", "criterion", "L1, L2"),
                Arguments.of("PixelReconstructionLoss", "criterion = L1, channel = 0", "channel", "positive"),
                Arguments.of("CrossCorrelationLoss", "lambd = -0.0051", "lambd", ">= 0"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badConfigs")
    void badValueIsAClearConfigError(String type, String hocon, String key, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.create(type, hocon));
        assertTrue(e.getMessage().startsWith(key), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** The records check the same rules for configs built in Java. */
    @Test
    void recordsRejectWhatTheFactoriesReject() {
        assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLossConfig(true, true, Reduction.MEAN, 1, null, null));
        assertThrows(IllegalArgumentException.class, () -> LabelSmoothLossConfig.of(1.0));
        assertThrows(IllegalArgumentException.class, () -> new FocalLossConfig(-1, 0.25, Reduction.MEAN, 1));
        assertThrows(IllegalArgumentException.class, () -> new FocalLossConfig(2, 1.5, Reduction.MEAN, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new AsymmetricLossConfig(0, 4, 2, Reduction.MEAN, 1, true, 1e-8));
        assertThrows(IllegalArgumentException.class,
                () -> new AsymmetricLossConfig(0, 4, 0.05, Reduction.MEAN, 1, true, 0));
        assertThrows(IllegalArgumentException.class, () -> SeesawLossConfig.of(0));
        assertThrows(IllegalArgumentException.class, () -> new SeesawLossConfig(-1, 2, 5, 0.01, Reduction.MEAN, 1));
        assertThrows(IllegalArgumentException.class, () -> new PixelReconstructionLossConfig(Penalty.L2, 0));
        assertThrows(IllegalArgumentException.class, () -> new CrossCorrelationLossConfig(-1));
    }
}
