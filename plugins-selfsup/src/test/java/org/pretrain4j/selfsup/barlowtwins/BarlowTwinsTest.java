package org.pretrain4j.selfsup.barlowtwins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.selfsup.TestParts;

final class BarlowTwinsTest {
    private static final Shape VIEW = new Shape(4, 3, 8, 8);

    private NDManager manager;

    @BeforeEach
    void open() {
        Engine.getInstance().setRandomSeed(0);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private BarlowTwins tinyModel() {
        BarlowTwins model = (BarlowTwins) TestParts.build(new BarlowTwinsFactory(),
                new BarlowTwinsFactory().example().config());
        model.initialize(manager, DataType.FLOAT32, VIEW, VIEW);
        return model;
    }

    @Test
    void noArraysOutliveATrainingStep() {
        BarlowTwins model = tinyModel();
        TestParts.assertNoArraysOutliveSteps(model, manager, VIEW);
    }

    @Test
    void aTrainingStepTrainsThroughBothViews() {
        BarlowTwins model = tinyModel();
        NDList views = TestParts.trainingStep(model, manager, VIEW);
        NDArray stem = model.backbone().getParameters().get(0).getValue().getArray();
        assertTrue(stem.getGradient().abs().sum().getFloat() > 0, "the backbone learns");
        assertTrue(views.get(0).getGradient().abs().sum().getFloat() > 0);
        assertTrue(views.get(1).getGradient().abs().sum().getFloat() > 0, "no stop-gradient in Barlow Twins");
    }

    /** The loss is the head's on the two embeddings: identical views give a cross-correlation with unit diagonal. */
    @Test
    void identicalViewsLeaveOnlyTheOffDiagonalTerm() {
        BarlowTwins model = tinyModel();
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray view = manager.randomNormal(VIEW);
        NDArray z = model.neck().forward(ps, model.backbone().forward(ps, new NDList(view), true), true).get(0);
        NDArray c = model.head().crossCorrelation(ps, z, z, true);
        // Per-feature variance 1 after the batch norm, up to eps: the diagonal is 1 where a feature varies.
        NDArray diagonal = c.diagonal();
        assertTrue(diagonal.max().getFloat() <= 1f + 1e-4f, diagonal.toString());
        Pretrain4jException wrong = assertThrows(Pretrain4jException.class,
                () -> model.head().crossCorrelation(ps, z, z.get(":, 0:4"), true));
        assertTrue(wrong.getMessage().contains("in_channels"), wrong.getMessage());
    }

    @Test
    void needsALatentCrossCorrelationHead() {
        ConfigException e = assertThrows(ConfigException.class, () -> TestParts.build(new BarlowTwinsFactory(),
                "backbone { type = ResNet_CIFAR, depth = 18, base_channels = 4 }, neck { type = MoCoV2Neck, "
                        + "in_channels = 32, hid_channels = 8, out_channels = 4 }, head { type = ContrastiveHead }"));
        assertEquals("head.type", e.path(), e.getMessage());
    }
}
