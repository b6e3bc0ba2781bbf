package org.pretrain4j.selfsup.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pretrain4j.selfsup.TestParts.array;
import static org.pretrain4j.selfsup.TestParts.assertClose;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.typesafe.config.Config;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.selfsup.TestParts;

final class LatentHeadsTest {
    private NDManager manager;
    private ParameterStore ps;

    @BeforeEach
    void open() {
        Engine.getInstance().setRandomSeed(0);
        manager = NDManager.newBaseManager();
        ps = new ParameterStore(manager, false);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray leaf(Shape shape) {
        NDArray x = manager.randomNormal(shape);
        x.setRequiresGradient(true);
        return x;
    }

    @Test
    void latentPredictHeadDetachesTheTarget() {
        LatentPredictHead head = (LatentPredictHead) TestParts.build(new LatentPredictHeadFactory(),
                new LatentPredictHeadFactory().example().config());
        Shape shape = new Shape(3, 4);
        head.initialize(manager, DataType.FLOAT32, shape);
        NDArray input = leaf(shape);
        NDArray target = leaf(shape);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = head.loss(ps, input, target);
            assertEquals(new Shape(), loss.getShape());
            // -cos lies in [-1, 1].
            assertTrue(Math.abs(loss.getFloat()) <= 1f, "loss " + loss.getFloat());
            collector.backward(loss);
        }
        assertTrue(input.getGradient().abs().sum().getFloat() > 0, "the prediction side learns");
        assertEquals(0f, target.getGradient().abs().sum().getFloat(), "no gradient reaches the target");
        List<String> names = head.getParameters().stream().map(Pair::getKey).toList();
        assertTrue(names.stream().allMatch(n -> n.contains("predictor")), names.toString());

        // As a Head: the forward pass is the predictor's; an identical target scores -1 with CosineSimilarityLoss.
        NDList out = head.forward(ps, new NDList(input), true);
        assertArrayEquals(head.getOutputShapes(new Shape[] {shape}), out.getShapes());
        assertEquals(-1f, head.loss(out, out.get(0)).total().getFloat(), 1e-5f);
        assertEquals(out.get(0), head.predict(out).get(0));
    }

    /** tools/fixtures/siamese.py: BatchNorm1d(affine=False) on both views, bn(a)^T bn(b) / N, Barlow Twins' loss. */
    @Test
    void crossCorrelationAndItsLossMatchTorch() {
        Config f = TestParts.fixture("barlow");
        int n = f.getInt("n");
        int c = f.getInt("c");
        LatentCrossCorrelationHead head = (LatentCrossCorrelationHead) TestParts.build(
                new LatentCrossCorrelationHeadFactory(), "in_channels = " + c + ", loss { type = CrossCorrelationLoss, "
                        + "lambd = " + f.getDouble("lambd") + " }");
        Shape shape = new Shape(n, c);
        head.initialize(manager, DataType.FLOAT32, shape, shape);
        NDArray z1 = array(manager, f.getDoubleList("z1"), n, c);
        NDArray z2 = array(manager, f.getDoubleList("z2"), n, c);
        z1.setRequiresGradient(true);
        z2.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = head.loss(ps, z1, z2);
            assertEquals(f.getDouble("loss"), loss.getFloat(), 1e-4);
            collector.backward(loss);
        }
        assertTrue(z1.getGradient().abs().sum().getFloat() > 0);
        assertTrue(z2.getGradient().abs().sum().getFloat() > 0, "both views learn");
        // The running statistics were updated once per view, as mmpretrain calls bn twice.
        List<Parameter> params = head.getParameters().stream().map(Pair::getValue).toList();
        assertEquals(2, params.size(), "running mean and var only: affine=False");
        assertClose(f.getDoubleList("running_mean"), params.get(0).getArray(), 1e-5);
        assertClose(f.getDoubleList("running_var"), params.get(1).getArray(), 1e-5);

        // The forward pass in training mode gives the fixture's matrix.
        NDArray matrix = head.forward(ps, new NDList(z1, z2), true).singletonOrThrow();
        assertClose(f.getDoubleList("correlation"), matrix, 1e-5);
        assertEquals(f.getDouble("loss"), head.loss(new NDList(matrix), null).total().getFloat(), 1e-4);
    }

    @Test
    void crossCorrelationHeadChecksItsInputs() {
        Head head = TestParts.build(new LatentCrossCorrelationHeadFactory(),
                "in_channels = 4, loss { type = CrossCorrelationLoss }");
        Pretrain4jException wide = assertThrows(Pretrain4jException.class,
                () -> head.getOutputShapes(new Shape[] {new Shape(3, 5), new Shape(3, 5)}));
        assertTrue(wide.getMessage().contains("in_channels = 4"), wide.getMessage());
        assertThrows(Pretrain4jException.class, () -> head.getOutputShapes(new Shape[] {new Shape(3, 4)}));
    }

    @Test
    void badConfigsNameTheKey() {
        assertError(new LatentPredictHeadFactory(), "predictor", "loss { type = CosineSimilarityLoss }");
        assertError(new LatentPredictHeadFactory(), "loss.type", "loss { type = CrossCorrelationLoss }, "
                + "predictor { type = MoCoV2Neck, in_channels = 4, hid_channels = 4, out_channels = 4 }");
        assertError(new LatentCrossCorrelationHeadFactory(), "in_channels",
                "in_channels = 0, loss { type = CrossCorrelationLoss }");
        assertError(new LatentCrossCorrelationHeadFactory(), "loss.type",
                "in_channels = 4, loss { type = CosineSimilarityLoss }");
        assertError(new LatentCrossCorrelationHeadFactory(), "loss", "in_channels = 4");
    }

    private static void assertError(ComponentFactory<?, Head> factory, String path, String hocon) {
        ConfigException e = assertThrows(ConfigException.class, () -> TestParts.build(factory, hocon), hocon);
        assertEquals(path, e.path(), e.getMessage());
    }
}
