package com.example.pretrain4j.tiny.selfsup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.example.pretrain4j.tiny.Components;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.AbstractSelfSupervisor;
import org.pretrain4j.api.model.SelfSupervisor;
import org.pretrain4j.api.model.TaskModel;

final class RotationPredictionTest {
    private static final String CONFIG = "type = TinyRotationPrediction, "
            + "backbone { type = TinyConvNet, channels = [4, 8] }, neck { type = TinyGlobalMaxPooling }, "
            + "head { type = TinyCosineClsHead, num_classes = 4, in_channels = 8 }";

    @Test
    void rotationsStackFourViewsWithMatchingLabels() {
        try (NDManager m = NDManager.newBaseManager()) {
            // One 2x2 image [[1, 2], [3, 4]]: a counter-clockwise quarter turn gives [[2, 4], [1, 3]].
            NDArray image = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            NDArray views = RotationPrediction.rotations(image);
            assertEquals(new Shape(4, 1, 2, 2), views.getShape());
            assertArrayEquals(new float[] {1, 2, 3, 4, 2, 4, 1, 3, 4, 3, 2, 1, 3, 1, 4, 2}, views.toFloatArray());
            assertArrayEquals(new long[] {0, 0, 1, 1, 2, 2, 3, 3},
                    RotationPrediction.rotationLabels(m, 2).toLongArray());
            assertThrows(Pretrain4jException.class,
                    () -> RotationPrediction.rotations(m.zeros(new Shape(1, 1, 2, 3))));
        }
    }

    @Test
    void lossTrainsBackboneAndHeadAndPredictGivesFeatures() {
        TaskModel model = Components.build(Kind.MODEL, CONFIG);
        assertTrue(model instanceof SelfSupervisor && model instanceof AbstractSelfSupervisor);
        try (NDManager m = NDManager.newBaseManager()) {
            model.initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 8));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray images = m.randomNormal(new Shape(3, 1, 8, 8));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                // The class labels are ignored: any targets, even none, give the same objective.
                NDArray loss = model.loss(ps, new NDList(images), new NDList()).total();
                assertEquals(new Shape(), loss.getShape());
                assertTrue(Float.isFinite(loss.getFloat()) && loss.getFloat() > 0, "loss " + loss.getFloat());
                gc.backward(loss);
            }
            AbstractSelfSupervisor<?> selfsup = (AbstractSelfSupervisor<?>) model;
            assertTrue(Components.gradientMass(selfsup.backbone()) > 0, "the backbone learns");
            assertTrue(Components.gradientMass(selfsup.head()) > 0, "the head learns");
            NDList feats = model.predict(ps, new NDList(images));
            assertEquals(new Shape(3, 8, 4, 4), feats.singletonOrThrow().getShape());
            assertEquals(feats.singletonOrThrow().getShape(), model.getOutputShapes(new Shape[] {images.getShape()})[0]);
            assertTrue(model.getParameters().keys().stream().anyMatch(k -> k.contains("backbone")));
        }
    }

    @Test
    void headWithOtherThanFourClassesIsRefusedAtInitialisation() {
        TaskModel model = Components.build(Kind.MODEL, CONFIG.replace("num_classes = 4", "num_classes = 3"));
        try (NDManager m = NDManager.newBaseManager()) {
            Pretrain4jException e = assertThrows(Pretrain4jException.class,
                    () -> model.initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 8)));
            assertTrue(e.getMessage().contains("num_classes = 4"), e.getMessage());
        }
    }
}
