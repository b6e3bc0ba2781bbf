package org.pretrain4j.selfsup.byol;

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
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.model.CosineEMA;
import org.pretrain4j.selfsup.TestParts;
import org.pretrain4j.selfsup.heads.LatentPredictHead;
import org.pretrain4j.selfsup.heads.LatentPredictHeadFactory;

final class BYOLTest {
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

    private BYOL tinyModel() {
        return TestParts.example(new BYOLFactory(), manager, VIEW);
    }

    /** tools/fixtures/siamese.py: 2 * (l(p1, t2) + l(p2, t1)) with a NonLinearNeck predictor in training mode. */
    @Test
    void symmetricLossMatchesTorch() {
        Config f = TestParts.fixture("byol");
        int n = f.getInt("n");
        int c = f.getInt("c");
        LatentPredictHead head = (LatentPredictHead) TestParts.build(new LatentPredictHeadFactory(),
                "loss { type = CosineSimilarityLoss }, predictor { type = NonLinearNeck, in_channels = " + c
                        + ", hid_channels = " + f.getInt("hid") + ", out_channels = " + c + ", with_bias = true, "
                        + "with_last_bn = false, with_avg_pool = false, norm_cfg { type = BN1d } }");
        head.initialize(manager, DataType.FLOAT32, new Shape(n, c));
        TestParts.load(head, f, "weights");
        NDArray loss = BYOL.symmetricLoss(head, new ParameterStore(manager, false),
                array(manager, f.getDoubleList("p1"), n, c), array(manager, f.getDoubleList("p2"), n, c),
                array(manager, f.getDoubleList("t1"), n, c), array(manager, f.getDoubleList("t2"), n, c));
        assertEquals(f.getDouble("loss"), loss.getFloat(), 1e-5);
    }

    @Test
    void noArraysOutliveATrainingStep() {
        BYOL model = tinyModel();
        model.targetNet().setMaxIters(10);
        TestParts.assertNoArraysOutliveSteps(model, manager, VIEW);
    }

    @Test
    void aTrainingStepTrainsTheOnlineNetworkOnly() {
        BYOL model = tinyModel();
        TestParts.trainingStep(model, manager, VIEW);
        NDArray stem = model.backbone().getParameters().get(0).getValue().getArray();
        assertTrue(stem.getGradient().abs().sum().getFloat() > 0, "the online backbone learns");
        NDArray predictor = model.head().getParameters().get(0).getValue().getArray();
        assertTrue(predictor.getGradient().abs().sum().getFloat() > 0, "the predictor learns");
        assertTrue(model.targetNet().getParameters().stream().noneMatch(p -> p.getValue().requiresGradient()),
                "the target network is frozen");
        assertEquals(1L, model.targetNet().steps());
    }

    /** CosineEMA: after the first copy, m_k = -(0 - m0)(cos(pi k / K) + 1) / 2 weighs the online weights. */
    @Test
    void targetNetworkFollowsACosineMomentumSchedule() {
        BYOL model = tinyModel();
        ParameterStore ps = new ParameterStore(manager, false);
        NDList views = new NDList(manager.randomNormal(VIEW), manager.randomNormal(VIEW));
        model.loss(ps, views, new NDList());
        NDArray stem = model.backbone().getParameters().get(0).getValue().getArray();
        NDArray copy = model.targetNet().module().getParameters().get(0).getValue().getArray();
        assertEquals(0f, copy.sub(stem).abs().max().getFloat(), "the first update copies");

        stem.addi(1f);
        assertThrows(IllegalStateException.class, () -> model.loss(ps, views, new NDList()),
                "the schedule needs the run's length");
        model.targetNet().setMaxIters(10);
        NDArray before = copy.duplicate();
        model.loss(ps, views, new NDList());
        double m = CosineEMA.momentumAt(0.01, 0, 1, 10);
        assertEquals(0.01 * (Math.cos(Math.PI / 10) + 1) / 2, m, 1e-12);
        NDArray expected = before.mul((float) (1 - m)).add(stem.mul((float) m));
        assertEquals(0f, copy.sub(expected).abs().max().getFloat(), 1e-6f);
    }

    @Test
    void badConfigsNameTheKey() {
        String parts = "backbone { type = ResNet_CIFAR, depth = 18, base_channels = 4 }, "
                + "neck { type = MoCoV2Neck, in_channels = 32, hid_channels = 8, out_channels = 4 }, ";
        assertError("base_momentum", parts + "head { type = ContrastiveHead }, base_momentum = 0");
        assertError("head.type", parts + "head { type = ContrastiveHead }");
        assertError("head", "backbone { type = ResNet_CIFAR, depth = 18 }, neck { type = MoCoV2Neck, "
                + "in_channels = 512, hid_channels = 8, out_channels = 4 }");
    }

    private static void assertError(String path, String hocon) {
        ConfigException e = assertThrows(ConfigException.class, () -> TestParts.build(new BYOLFactory(), hocon));
        assertEquals(path, e.path(), e.getMessage());
    }
}
