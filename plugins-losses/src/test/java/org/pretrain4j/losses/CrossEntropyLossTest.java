package org.pretrain4j.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pretrain4j.losses.Fixtures.N;
import static org.pretrain4j.losses.Fixtures.assertScalar;
import static org.pretrain4j.losses.Fixtures.assertValues;
import static org.pretrain4j.losses.Fixtures.ce;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;

final class CrossEntropyLossTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray loss(String hocon, NDArray target, NDArray weight, Float avgFactor) {
        return new CrossEntropyLoss(ce(hocon)).loss(Fixtures.logits(manager), target, weight, avgFactor);
    }

    @Test
    void hardLabels() {
        NDArray y = Fixtures.labels(manager);
        assertValues(new double[] {0.4951819, 0.12125502, 2.99209524}, loss("reduction = none", y, null, null));
        assertScalar(1.2028440524, loss("", y, null, null));
        assertScalar(1.2028440524, loss("", y, null, N));
        assertScalar(3 * 1.2028440524, loss("reduction = sum", y, null, null));
        assertScalar(2 * 1.2028440524, loss("loss_weight = 2.0", y, null, N));
    }

    @Test
    void intAndFloatLabelsAgree() {
        NDArray asInt = manager.create(new int[] {1, 2, 0});
        NDArray asFloat = manager.create(new float[] {1f, 2f, 0f});
        assertScalar(1.2028440524, loss("", asInt, null, N));
        assertScalar(1.2028440524, loss("", asFloat, null, N));
    }

    /** mmpretrain divides by avg_factor = N, not by the sum of the class weights as PyTorch's mean does. */
    @Test
    void classWeightWithAvgFactorIsWeightedSumOverN() {
        String cfg = "class_weight = [0.5, 1.0, 2.0, 1.5]";
        NDArray y = Fixtures.labels(manager);
        assertValues(new double[] {0.4951819, 0.24251004, 1.49604762},
                loss(cfg + ", reduction = none", y, null, null));
        assertScalar(0.7445798521, loss(cfg, y, null, N));
    }

    @Test
    void sampleWeight() {
        NDArray y = Fixtures.labels(manager);
        NDArray w = Fixtures.sampleWeight(manager);
        assertScalar(2.1597907929, loss("", y, w, N));
        assertScalar(6.4793723786, loss("reduction = sum", y, w, null));
        Pretrain4jException e =
                assertThrows(Pretrain4jException.class, () -> loss("reduction = sum", y, w, N));
        assertEquals("avg_factor can not be used with reduction=sum", e.getMessage());
    }

    @Test
    void softTargets() {
        NDArray soft = Fixtures.soft(manager);
        assertValues(new double[] {0.8951819, 0.12125502, 1.64209524}, loss("use_soft = true, reduction = none",
                soft, null, null));
        assertScalar(0.8861773858, loss("use_soft = true", soft, null, N));
        assertScalar(0.8096881537, loss("use_soft = true, class_weight = [0.5, 1.0, 2.0, 1.5]", soft, null, N));
        // PyTorch's cross_entropy takes probability targets too, so the default mode agrees.
        assertScalar(0.8861773858, loss("", soft, null, N));
    }

    @Test
    void softModeWithOneHotEqualsHardLabels() {
        NDArray oneHot = Fixtures.labels(manager).oneHot(4);
        assertScalar(1.2028440524, loss("use_soft = true", oneHot, null, N));
    }

    @Test
    void sigmoidIsSummedOverClassesAndAveragedOverSamples() {
        NDArray y = Fixtures.labels(manager);
        assertScalar(3.1528585559, loss("use_sigmoid = true", y, null, N));
        assertScalar(0.7882146390, loss("use_sigmoid = true", y, null, null));
        assertScalar(3.1528585559, loss("use_sigmoid = true", y.oneHot(4), null, N));
        NDArray none = loss("use_sigmoid = true, reduction = none", y, null, null);
        assertEquals(new Shape(3, 4), none.getShape());
    }

    @Test
    void sigmoidWithClassPosAndSampleWeights() {
        String cfg = "use_sigmoid = true, class_weight = [0.5, 1.0, 2.0, 1.5], pos_weight = [1, 2, 3, 4]";
        assertScalar(5.3013858127, loss(cfg, Fixtures.labels(manager), Fixtures.sampleWeight(manager), N));
    }

    @Test
    void badTargetsAndWeights() {
        Pretrain4jException shape = assertThrows(Pretrain4jException.class,
                () -> loss("", manager.create(new float[] {1f, 2f}), null, null));
        assertTrue(shape.getMessage().contains("(3, 4)"), shape.getMessage());
        Pretrain4jException cw = assertThrows(Pretrain4jException.class,
                () -> loss("class_weight = [1, 2]", Fixtures.labels(manager), null, null));
        assertTrue(cw.getMessage().contains("class_weight has 2 entries"), cw.getMessage());
    }

    @Test
    void configErrors() {
        ConfigException both = assertThrows(ConfigException.class, () -> ce("use_sigmoid = true, use_soft = true"));
        assertTrue(both.getMessage().contains("mutually exclusive"), both.getMessage());
        ConfigException reduction = assertThrows(ConfigException.class, () -> ce("reduction = avg"));
        assertTrue(reduction.getMessage().startsWith("reduction"), reduction.getMessage());
        ConfigException pos = assertThrows(ConfigException.class, () -> ce("pos_weight = [1.0]"));
        assertTrue(pos.getMessage().contains("use_sigmoid"), pos.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLossConfig(true, true, Reduction.MEAN, 1, null, null));
    }

    /** d(mean CE)/dx = (softmax(x) - onehot(y)) / N. */
    @Test
    void backwardGivesSoftmaxMinusOneHotOverN() {
        NDArray x = Fixtures.logits(manager);
        x.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray l = new CrossEntropyLoss(CrossEntropyLossConfig.defaults())
                    .loss(x, Fixtures.labels(manager), null, N);
            collector.backward(l);
        }
        float[] expected = {0.07473594f, -0.13017999f, 0.04532964f, 0.01011441f, 0.01795535f, 0.00540805f,
                -0.03806399f, 0.0147006f, -0.31660594f, 0.0372275f, 0.0304793f, 0.24889914f};
        assertArrayEquals(expected, x.getGradient().toFloatArray(), 1e-6f);
    }

    @Test
    void blockForwardMatchesLossCall() {
        CrossEntropyLoss block = new CrossEntropyLoss(CrossEntropyLossConfig.defaults());
        NDList out = block.forward(new ParameterStore(manager, false),
                new NDList(Fixtures.logits(manager), Fixtures.labels(manager)), false);
        assertScalar(1.2028440524, out.singletonOrThrow());
        Shape[] in = {new Shape(3, 4), new Shape(3)};
        assertEquals(new Shape(), block.getOutputShapes(in)[0]);
        assertEquals(new Shape(3), new CrossEntropyLoss(ce("reduction = none")).getOutputShapes(in)[0]);
        assertEquals(new Shape(3, 4),
                new CrossEntropyLoss(ce("reduction = none, use_sigmoid = true")).getOutputShapes(in)[0]);
    }
}
