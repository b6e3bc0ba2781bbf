package org.pretrain4j.selfsup.simsiam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pretrain4j.selfsup.TestParts.array;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.typesafe.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.selfsup.TestParts;
import org.pretrain4j.selfsup.heads.LatentPredictHead;
import org.pretrain4j.selfsup.heads.LatentPredictHeadFactory;

final class SimSiamTest {
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

    /** tools/fixtures/siamese.py: 0.5 * (l(z1, z2) + l(z2, z1)) with SimSiam's predictor (last bias, no last BN). */
    @Test
    void symmetricLossMatchesTorch() {
        Config f = TestParts.fixture("simsiam");
        int n = f.getInt("n");
        int c = f.getInt("c");
        LatentPredictHead head = (LatentPredictHead) TestParts.build(new LatentPredictHeadFactory(),
                "loss { type = CosineSimilarityLoss }, predictor { type = NonLinearNeck, in_channels = " + c
                        + ", hid_channels = " + f.getInt("hid") + ", out_channels = " + c + ", with_last_bn = false, "
                        + "with_last_bias = true, with_avg_pool = false, norm_cfg { type = BN1d } }");
        head.initialize(manager, DataType.FLOAT32, new Shape(n, c));
        TestParts.load(head, f, "weights");
        NDArray loss = SimSiam.symmetricLoss(head, new ParameterStore(manager, false),
                array(manager, f.getDoubleList("z1"), n, c), array(manager, f.getDoubleList("z2"), n, c));
        assertEquals(f.getDouble("loss"), loss.getFloat(), 1e-5);
    }

    @Test
    void aTrainingStepTrainsBackboneAndPredictorThroughBothViews() {
        SimSiam model = TestParts.example(new SimSiamFactory(), manager, VIEW);
        NDList views = TestParts.trainingStep(model, manager, VIEW);
        NDArray stem = model.backbone().getParameters().get(0).getValue().getArray();
        assertTrue(stem.getGradient().abs().sum().getFloat() > 0, "the backbone learns");
        NDArray predictor = model.head().getParameters().get(0).getValue().getArray();
        assertTrue(predictor.getGradient().abs().sum().getFloat() > 0, "the predictor learns");
        // Each view is the predicting side of one of the two terms.
        assertTrue(views.get(0).getGradient().abs().sum().getFloat() > 0);
        assertTrue(views.get(1).getGradient().abs().sum().getFloat() > 0);
        NDList three = new NDList(views.get(0), views.get(1), views.get(0));
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> model.loss(new ParameterStore(manager, false), three, new NDList()));
        assertTrue(e.getMessage().contains("two views"), e.getMessage());
    }

    @Test
    void noArraysOutliveATrainingStep() {
        SimSiam model = (SimSiam) TestParts.build(new SimSiamFactory(), new SimSiamFactory().example().config());
        model.initialize(manager, DataType.FLOAT32, VIEW);
        TestParts.assertNoArraysOutliveSteps(model, manager, VIEW);
    }

    @Test
    void needsALatentPredictHead() {
        ConfigException e = assertThrows(ConfigException.class, () -> TestParts.build(new SimSiamFactory(),
                "backbone { type = ResNet_CIFAR, depth = 18, base_channels = 4 }, neck { type = MoCoV2Neck, "
                        + "in_channels = 32, hid_channels = 8, out_channels = 4 }, head { type = ContrastiveHead }"));
        assertEquals("head.type", e.path(), e.getMessage());
    }
}
