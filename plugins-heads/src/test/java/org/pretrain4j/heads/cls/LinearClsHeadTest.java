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
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.losses.CrossEntropyLoss;
import org.pretrain4j.losses.L1Loss;

final class LinearClsHeadTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static LinearClsHead head(String hocon) {
        LinearClsHeadFactory factory = new LinearClsHeadFactory();
        ConfigView view = ConfigView.parse(hocon);
        LinearClsHeadConfig config = factory.parseConfig(view);
        view.checkNoUnknownKeys();
        return (LinearClsHead) factory.create(config, new StubBuildContext());
    }

    private static long parameterCount(LinearClsHead head) {
        return head.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    @Test
    void forwardBackwardAndShapes() {
        LinearClsHead head = head("num_classes = 10, in_channels = 512");
        Shape input = new Shape(4, 512);
        head.initialize(manager, DataType.FLOAT32, input);
        assertEquals(512 * 10 + 10, parameterCount(head));
        assertEquals(List.of("01loss_module", "02fc"), head.getChildren().keys());
        assertInstanceOf(CrossEntropyLoss.class, head.lossBlock());

        ParameterStore ps = new ParameterStore(manager, false);
        NDArray x = manager.randomNormal(input);
        NDArray labels = manager.create(new long[] {0, 3, 9, 3});
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList out = head.forward(ps, new NDList(x), true);
            assertEquals(head.getOutputShapes(new Shape[] {input})[0], out.singletonOrThrow().getShape());
            assertEquals(new Shape(4, 10), out.singletonOrThrow().getShape());
            LossDict losses = head.loss(out, labels);
            assertEquals(List.of("loss"), List.copyOf(losses.terms().keySet()));
            assertEquals(new Shape(), losses.total().getShape());
            // Cross-entropy averaged over the batch, recomputed from the logits in plain Java.
            float[] logits = out.singletonOrThrow().toFloatArray();
            long[] y = labels.toLongArray();
            double expected = 0;
            for (int i = 0; i < 4; i++) {
                double sum = 0;
                for (int c = 0; c < 10; c++) {
                    sum += Math.exp(logits[i * 10 + c]);
                }
                expected += (Math.log(sum) - logits[i * 10 + (int) y[i]]) / 4;
            }
            assertEquals(expected, losses.total().getFloat(), 1e-5);
            collector.backward(losses.total());
        }
        NDArray grad = head.fc().getParameters().get("weight").getArray().getGradient();
        assertEquals(new Shape(10, 512), grad.getShape());
        assertTrue(grad.abs().sum().getFloat() > 0);
        assertTrue(head.fc().getParameters().get("bias").getArray().getGradient().abs().sum().getFloat() > 0);
    }

    @Test
    void fcIsInitialisedLikeMmpretrain() {
        LinearClsHead head = head("num_classes = 10, in_channels = 512");
        head.initialize(manager, DataType.FLOAT32, new Shape(1, 512));
        Parameter weight = head.fc().getParameters().get("weight");
        NDArray w = weight.getArray();
        float std = w.sub(w.mean()).pow(2).mean().sqrt().getFloat();
        assertEquals(0.01, std, 0.001);
        assertEquals(0f, head.fc().getParameters().get("bias").getArray().abs().sum().getFloat());
    }

    /** The loss child must be initialised too, or saving the tree fails on its missing input shapes. */
    @Test
    void parametersSaveAndLoad() throws Exception {
        LinearClsHead head = head("num_classes = 3, in_channels = 4");
        head.initialize(manager, DataType.FLOAT32, new Shape(2, 4));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        head.saveParameters(new DataOutputStream(bytes));
        LinearClsHead copy = head("num_classes = 3, in_channels = 4");
        copy.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertArrayEquals(head.fc().getParameters().get("weight").getArray().toFloatArray(),
                copy.fc().getParameters().get("weight").getArray().toFloatArray());
    }

    @Test
    void predictGivesSoftmaxAndArgmax() {
        LinearClsHead head = head("num_classes = 3, in_channels = 4");
        NDArray logits = manager.create(new float[] {1f, 3f, 2f, 0f, -1f, 5f}, new Shape(2, 3));
        NDList prediction = head.predict(new NDList(logits));
        NDArray scores = prediction.get(0);
        assertEquals(new Shape(2, 3), scores.getShape());
        assertArrayEquals(new float[] {1f, 1f}, scores.sum(new int[] {1}).toFloatArray(), 1e-6f);
        assertEquals(DataType.INT64, prediction.get(1).getDataType());
        assertArrayEquals(new long[] {1, 2}, prediction.get(1).toLongArray());
    }

    @Test
    void denseLossGetsOneHotTargets() {
        LinearClsHead head = head("num_classes = 3, in_channels = 4, loss = {type = L1Loss}");
        assertInstanceOf(L1Loss.class, head.lossBlock());
        head.initialize(manager, DataType.FLOAT32, new Shape(2, 4));
        NDArray logits = manager.create(new float[] {1f, 3f, 2f, 0f, -1f, 5f}, new Shape(2, 3));
        // |[1,3,2] - [0,1,0]| + |[0,-1,5] - [0,0,1]| = 5 + 5, divided by avg_factor = N = 2.
        LossDict losses = head.loss(new NDList(logits), manager.create(new long[] {1, 2}));
        assertEquals(5f, losses.total().getFloat(), 1e-6f);
    }

    @Test
    void lossWeightIsAppliedInsideTheLoss() {
        NDArray logits = manager.create(new float[] {1f, 3f, 2f, 0f, -1f, 5f}, new Shape(2, 3));
        NDArray labels = manager.create(new long[] {1, 2});
        float plain = head("num_classes = 3, in_channels = 4").loss(new NDList(logits), labels).total().getFloat();
        float doubled = head("num_classes = 3, in_channels = 4, loss = {type = CrossEntropyLoss, loss_weight = 2}")
                .loss(new NDList(logits), labels).total().getFloat();
        assertEquals(2 * plain, doubled, 1e-6f);
    }

    @Test
    void badNumClassesNamesThePath() {
        ConfigView view = ConfigView.parse("model { head { num_classes = 0, in_channels = 4 } }")
                .getView("model").getView("head");
        ConfigException e = assertThrows(ConfigException.class, () -> new LinearClsHeadFactory().parseConfig(view));
        assertTrue(e.getMessage().startsWith("model.head.num_classes"), e.getMessage());
        assertTrue(e.getMessage().contains("expected a positive integer"), e.getMessage());
        assertEquals("model.head.num_classes", e.path());
    }

    @Test
    void otherConfigErrors() {
        ConfigException missing = assertThrows(ConfigException.class, () -> head("num_classes = 3"));
        assertTrue(missing.getMessage().contains("in_channels"), missing.getMessage());
        ConfigException topk = assertThrows(ConfigException.class,
                () -> head("num_classes = 3, in_channels = 4, topk = [1, 0]"));
        assertTrue(topk.getMessage().startsWith("topk"), topk.getMessage());
        ConfigException typo = assertThrows(ConfigException.class,
                () -> head("num_classes = 3, in_channels = 4, loss = {type = CrossEntropyLoss, use_sigmod = true}"));
        assertTrue(typo.getMessage().startsWith("loss.use_sigmod"), typo.getMessage());
    }

    @Test
    void defaultLossViewKeepsTheHeadsPath() {
        ConfigView view = ConfigView.parse("head { num_classes = 3, in_channels = 4 }").getView("head");
        assertEquals("head.loss", new LinearClsHeadFactory().parseConfig(view).head().loss().path());
    }

    @Test
    void wrongFeatureSizeIsReported() {
        LinearClsHead head = head("num_classes = 3, in_channels = 4");
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> head.initialize(manager, DataType.FLOAT32, new Shape(2, 5)));
        assertTrue(e.getMessage().contains("in_channels = 4"), e.getMessage());
    }

    @Test
    void usesTheLastFeature() {
        LinearClsHead head = head("num_classes = 3, in_channels = 4");
        Shape[] shapes = {new Shape(2, 8, 2, 2), new Shape(2, 4)};
        head.initialize(manager, DataType.FLOAT32, shapes);
        assertEquals(new Shape(2, 3), head.getOutputShapes(shapes)[0]);
        NDList out = head.forward(new ParameterStore(manager, false),
                new NDList(manager.ones(shapes[0]), manager.ones(shapes[1])), false);
        assertEquals(new Shape(2, 3), out.singletonOrThrow().getShape());
    }
}
