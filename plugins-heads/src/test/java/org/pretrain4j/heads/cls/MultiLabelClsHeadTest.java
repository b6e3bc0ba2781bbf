package org.pretrain4j.heads.cls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.losses.CrossEntropyLoss;

/**
 * MultiLabelClsHead and MultiLabelLinearClsHead. Reference values come from tools/fixtures/multilabel.py
 * (torch 1.13): {@code F.binary_cross_entropy_with_logits(logits, target, reduction='sum') / N}.
 */
final class MultiLabelClsHeadTest {
    private static final float[] LOGITS = {1.0f, -2.0f, 0.5f, -0.3f, 0.8f, 3.0f};

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static Head head(String type, String hocon) {
        return new StubBuildContext().build(org.pretrain4j.api.Kind.HEAD, ConfigView.parse("type = " + type + "\n"
                + hocon));
    }

    private NDArray logits() {
        return manager.create(LOGITS, new Shape(2, 3));
    }

    @Test
    void defaultLossIsSigmoidCrossEntropyAveragedOverTheBatch() {
        ClsHead head = (ClsHead) head("MultiLabelClsHead", "");
        CrossEntropyLoss loss = assertInstanceOf(CrossEntropyLoss.class, head.lossBlock());
        assertTrue(loss.config().useSigmoid());
        NDArray multiHot = manager.create(new float[] {1, 0, 1, 0, 0, 1}, new Shape(2, 3));
        // torch: 1.3441548347473145
        assertEquals(1.3441548f, head.loss(new NDList(logits()), multiHot).total().getFloat(), 1e-6f);
    }

    @Test
    void classIndicesBecomeOneHotRows() {
        Head head = head("MultiLabelClsHead", "");
        // torch, one-hot of [1, 2]: 3.0941550731658936
        assertEquals(3.094155f, head.loss(new NDList(logits()), manager.create(new long[] {1, 2})).total().getFloat(),
                1e-6f);
    }

    @Test
    void targetOfAnotherWidthNamesNumClasses() {
        Head head = head("MultiLabelClsHead", "");
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> head.loss(new NDList(logits()), manager.zeros(new Shape(2, 4))));
        assertTrue(e.getMessage().contains("num_classes"), e.getMessage());
    }

    @Test
    void predictsSigmoidScoresAndClassesAtOrAboveHalfByDefault() {
        NDList out = head("MultiLabelClsHead", "").predict(new NDList(logits()));
        // torch.sigmoid
        assertArrayEquals(new float[] {0.7310586f, 0.11920292f, 0.62245935f, 0.42555749f, 0.68997449f, 0.95257413f},
                out.get(0).toFloatArray(), 1e-6f);
        assertEquals(DataType.INT64, out.get(1).getDataType());
        assertArrayEquals(new long[] {1, 0, 1, 0, 1, 1}, out.get(1).toLongArray());
    }

    @Test
    void thresholdIsInclusiveAndWinsOverTopk() {
        // sigmoid(0) = 0.5 exactly: predicted at thr 0.5, as mmpretrain's score >= thr.
        NDArray zero = manager.zeros(new Shape(1, 3));
        assertArrayEquals(new long[] {1, 1, 1}, head("MultiLabelClsHead", "thr = 0.5").predict(new NDList(zero))
                .get(1).toLongArray());
        NDList out = head("MultiLabelClsHead", "thr = 0.65, topk = 1").predict(new NDList(logits()));
        assertArrayEquals(new long[] {1, 0, 0, 0, 1, 1}, out.get(1).toLongArray());
    }

    @Test
    void topkWithoutThresholdPredictsTheBestClasses() {
        NDList out = head("MultiLabelClsHead", "topk = 2").predict(new NDList(logits()));
        assertArrayEquals(new long[] {1, 0, 1, 0, 1, 1}, out.get(1).toLongArray());
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> head("MultiLabelClsHead", "topk = 4").predict(new NDList(logits())));
        assertTrue(e.getMessage().contains("topk = 4"), e.getMessage());
    }

    @Test
    void linearVariantTrainsItsFc() {
        MultiLabelLinearClsHead head = (MultiLabelLinearClsHead) head("MultiLabelLinearClsHead",
                "num_classes = 3, in_channels = 8");
        Shape input = new Shape(4, 8);
        head.initialize(manager, DataType.FLOAT32, input);
        assertEquals(List.of("01loss_module", "02fc"), head.getChildren().keys());
        assertEquals(new Shape(4, 3), head.getOutputShapes(new Shape[] {input})[0]);
        NDArray target = manager.create(new float[] {1, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 0}, new Shape(4, 3));
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList out = head.forward(new ParameterStore(manager, false), new NDList(manager.randomNormal(input)), true);
            collector.backward(head.loss(out, target).total());
        }
        NDArray grad = head.fc().getParameters().get("weight").getArray().getGradient();
        assertTrue(grad.abs().sum().getFloat() > 0);
    }

    @Test
    void badValuesNameTheKey() {
        ConfigException topk = assertThrows(ConfigException.class, () -> head("MultiLabelClsHead", "topk = 0"));
        assertTrue(topk.getMessage().startsWith("topk"), topk.getMessage());
        ConfigException thr = assertThrows(ConfigException.class, () -> head("MultiLabelClsHead", "thr = high"));
        assertTrue(thr.getMessage().startsWith("thr"), thr.getMessage());
        ConfigException acc = assertThrows(ConfigException.class, () -> head("MultiLabelClsHead", "cal_acc = true"));
        assertTrue(acc.getMessage().contains("unknown key 'cal_acc'"), acc.getMessage());
    }

    @Test
    void labelingDefaults() {
        assertEquals(0.5, new MultiLabel(null, null).effectiveThr());
        assertEquals(null, new MultiLabel(null, 3).effectiveThr());
        assertEquals(0.2, new MultiLabel(0.2, 3).effectiveThr());
        assertThrows(IllegalArgumentException.class, () -> new MultiLabel(Double.NaN, null));
    }
}
