package org.pretrain4j.heads.cls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.LossDict;

final class ClsHeadTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static ClsHead head(String hocon) {
        ClsHeadFactory factory = new ClsHeadFactory();
        ConfigView view = ConfigView.parse(hocon);
        ClsHeadConfig config = factory.parseConfig(view);
        view.checkNoUnknownKeys();
        return (ClsHead) factory.create(config, new StubBuildContext());
    }

    @Test
    void forwardReturnsTheLastFeatureAsIs() {
        ClsHead head = head("");
        Shape[] shapes = {new Shape(2, 7), new Shape(2, 3)};
        head.initialize(manager, DataType.FLOAT32, shapes);
        NDArray last = manager.create(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, shapes[1]);
        NDList out = head.forward(new ParameterStore(manager, false), new NDList(manager.zeros(shapes[0]), last), false);
        assertEquals(shapes[1], head.getOutputShapes(shapes)[0]);
        assertArrayEquals(last.toFloatArray(), out.singletonOrThrow().toFloatArray());
        assertTrue(head.getParameters().isEmpty());
        assertEquals(new SingleLabel(List.of(1), false), head.labeling());
    }

    /** Hand-checked: top-1 picks classes (1, 0, 2) for labels (2, 0, 1); every label is in its sample's top 2. */
    @Test
    void accuraciesInPercent() {
        ClsHead head = head("cal_acc = true, topk = [1, 2, 5]");
        NDArray logits = manager.create(
                new float[] {0.1f, 0.5f, 0.4f, 0.9f, 0.06f, 0.04f, 0.2f, 0.3f, 0.5f}, new Shape(3, 3));
        LossDict losses = head.loss(new NDList(logits), manager.create(new long[] {2, 0, 1}));
        assertEquals(List.of("loss", "accuracy_top-1", "accuracy_top-2", "accuracy_top-5"),
                List.copyOf(losses.terms().keySet()));
        assertEquals(100f / 3, losses.terms().get("accuracy_top-1").getFloat(), 1e-4f);
        assertEquals(100f, losses.terms().get("accuracy_top-2").getFloat(), 1e-4f);
        assertEquals(100f, losses.terms().get("accuracy_top-5").getFloat(), 1e-4f);
        // Only the loss term is the objective.
        assertEquals(losses.terms().get("loss").getFloat(), losses.total().getFloat());
    }

    @Test
    void accuracyNeedsIndexTargets() {
        ClsHead head = head("cal_acc = true, loss = {type = CrossEntropyLoss, use_soft = true}");
        NDArray logits = manager.zeros(new Shape(2, 3));
        NDArray mixed = manager.create(new float[] {0.5f, 0.5f, 0f, 0f, 0f, 1f}, new Shape(2, 3));
        Pretrain4jException e = assertThrows(Pretrain4jException.class, () -> head.loss(new NDList(logits), mixed));
        assertTrue(e.getMessage().contains("cal_acc"), e.getMessage());
        // Without cal_acc, dense (mixup) targets are fine: soft CE of uniform logits is log 3.
        assertEquals(Math.log(3), head("loss = {type = CrossEntropyLoss, use_soft = true}")
                .loss(new NDList(logits), mixed).total().getFloat(), 1e-5);
    }

    @Test
    void l1LossOnClassIndices() {
        ClsHead head = head("loss = {type = L1Loss}");
        NDArray logits = manager.create(
                new float[] {1.0f, 2.0f, 0.5f, -1.0f, 0.2f, -1.0f, 3.0f, 0.0f, -0.5f, 0.3f, 0.1f, 2.2f}, new Shape(3, 4));
        // Σ|logits - onehot([1, 2, 0])| / 3, computed with numpy.
        assertEquals(3.6f, head.loss(new NDList(logits), manager.create(new int[] {1, 2, 0})).total().getFloat(), 1e-5f);
    }
}
