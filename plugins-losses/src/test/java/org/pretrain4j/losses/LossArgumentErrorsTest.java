package org.pretrain4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Loss;
import org.pretrain4j.api.model.MaskedLoss;

/** Arguments that contradict a loss's configuration or contract fail with a message that says what is wrong. */
final class LossArgumentErrorsTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static void assertFails(String expected, Executable call) {
        Pretrain4jException e = assertThrows(Pretrain4jException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private Loss initialized(String type, String hocon) {
        Loss loss = Fixtures.create(type, hocon);
        loss.initialize(manager, DataType.FLOAT32, new Shape(3, 4), new Shape(3));
        return loss;
    }

    /** mmpretrain's weight_reduce_loss raises on this combination; every weighted loss goes through it. */
    @ParameterizedTest
    @ValueSource(strings = {"CrossEntropyLoss", "LabelSmoothLoss", "FocalLoss", "AsymmetricLoss", "SeesawLoss",
        "L1Loss", "MSELoss"})
    void avgFactorWithSumReduction(String type) {
        String hocon = "reduction = sum" + switch (type) {
            case "LabelSmoothLoss" -> ", label_smooth_val = 0.1";
            case "SeesawLoss" -> ", num_classes = 4";
            default -> "";
        };
        Loss loss = initialized(type, hocon);
        NDArray target = loss.needsDenseTarget()
                ? Fixtures.labels(manager).oneHot(4)
                : Fixtures.labels(manager);
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> loss.loss(Fixtures.logits(manager), target, null, 3f));
        assertEquals("avg_factor can not be used with reduction=sum", e.getMessage());
    }

    @Test
    void targetsThatDoNotFitThePrediction() {
        NDArray logits = Fixtures.logits(manager);
        NDArray two = manager.create(new float[] {1f, 2f});
        assertFails("(3, 4)", () -> Fixtures.create("CrossEntropyLoss", "").loss(logits, two, null, null));
        assertFails("(3, 4)", () -> Fixtures.create("FocalLoss", "").loss(logits, manager.ones(new Shape(3, 5)),
                null, null));
        assertFails("(3, 4)", () -> Fixtures.create("AsymmetricLoss", "").loss(logits, two, null, null));
        assertFails("L1Loss: expected a target shaped like the prediction (3, 4)",
                () -> Fixtures.create("L1Loss", "").loss(logits, Fixtures.labels(manager), null, null));
        assertFails("MSELoss: expected a target shaped like the prediction (3, 4)",
                () -> Fixtures.create("MSELoss", "").loss(logits, Fixtures.labels(manager), null, null));
        assertFails("num_classes = 5", () -> Fixtures.create("LabelSmoothLoss",
                "label_smooth_val = 0.1, num_classes = 5").loss(logits, Fixtures.labels(manager), null, null));
        assertFails("class_weight has 2 entries", () -> Fixtures.create("CrossEntropyLoss", "class_weight = [1, 2]")
                .loss(logits, Fixtures.labels(manager), null, null));
    }

    @Test
    void seesawWantsClassIndicesAnInitializedBufferAndNumClassesScores() {
        NDArray logits = Fixtures.logits(manager);
        Loss seesaw = initialized("SeesawLoss", "num_classes = 4");
        assertFails("expected class indices (N)",
                () -> seesaw.loss(logits, Fixtures.labels(manager).oneHot(4), null, null));
        assertFails("initialize the block",
                () -> Fixtures.create("SeesawLoss", "num_classes = 4").loss(logits, Fixtures.labels(manager), null,
                        null));
        assertFails("num_classes = 5", () -> initialized("SeesawLoss", "num_classes = 5"));
        assertFails("num_classes = 4", () -> seesaw.loss(manager.ones(new Shape(3, 5)), Fixtures.labels(manager),
                null, null));
    }

    @Test
    void maskedLossesTakeNoWeightAndAMaskThatBroadcasts() {
        NDArray patches = manager.ones(new Shape(2, 3, 4));
        NDArray target = manager.zeros(new Shape(2, 3, 4));
        for (String type : new String[] {"CosineSimilarityLoss", "PixelReconstructionLoss"}) {
            MaskedLoss loss = (MaskedLoss) Fixtures.create(type, type.startsWith("Pixel") ? "criterion = L2" : "");
            assertFails("takes no weight and no avg_factor", () -> loss.loss(patches, target, null, 2f));
            assertFails("takes no weight and no avg_factor",
                    () -> loss.loss(patches, target, manager.ones(new Shape(2, 3)), null));
            assertFails("the mask (2, 4) does not broadcast to the per-position loss (2, 3)",
                    () -> loss.maskedLoss(patches, target, manager.ones(new Shape(2, 4))));
            assertFails("expected a target shaped like the prediction (2, 3, 4), got (2, 3)",
                    () -> loss.maskedLoss(patches, manager.ones(new Shape(2, 3)), null));
        }
    }

    @Test
    void crossCorrelationTakesOneSquareMatrix() {
        Loss loss = Fixtures.create("CrossCorrelationLoss", "");
        NDArray matrix = manager.eye(4);
        assertFails("call it with a null target", () -> loss.loss(matrix, Fixtures.labels(manager), null, null));
        assertFails("takes no weight and no avg_factor", () -> loss.loss(matrix, null, null, 4f));
        assertFails("expected a square cross-correlation matrix (D, D), got (3, 4)",
                () -> loss.loss(Fixtures.logits(manager), null, null, null));
    }
}
