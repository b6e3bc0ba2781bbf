package org.pretrain4j.selfsup.moco;

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
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.typesafe.config.Config;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.selfsup.TestParts;
import org.pretrain4j.selfsup.simclr.ContrastiveHead;
import org.pretrain4j.selfsup.simclr.ContrastiveHeadFactory;

final class MoCoTest {
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

    private MoCo tinyModel() {
        return TestParts.example(new MoCoFactory(), manager, VIEW);
    }

    private static List<NDArray> arrays(Block block) {
        return block.getParameters().stream().map(Pair::getValue).map(Parameter::getArray).toList();
    }

    /** tools/fixtures/siamese.py: mmpretrain's MoCo.loss steps after the encoders, in torch. */
    @Test
    void logitsLayoutAndLossMatchTorch() {
        Config f = TestParts.fixture("moco");
        int n = f.getInt("n");
        int c = f.getInt("c");
        int k = f.getInt("k");
        NDArray q = MoCo.normalize(array(manager, f.getDoubleList("q"), n, c));
        NDArray key = MoCo.normalize(array(manager, f.getDoubleList("key"), n, c));
        NDList pairs = MoCo.similarities(q, key, array(manager, f.getDoubleList("queue"), c, k));
        assertEquals(new Shape(n, 1), pairs.get(0).getShape());
        assertEquals(new Shape(n, k), pairs.get(1).getShape());
        assertClose(f.getDoubleList("pos"), pairs.get(0), 1e-5);
        assertClose(f.getDoubleList("neg"), pairs.get(1), 1e-5);
        ContrastiveHead head = (ContrastiveHead) TestParts.build(new ContrastiveHeadFactory(),
                "loss { type = CrossEntropyLoss }, temperature = " + f.getDouble("temperature"));
        head.initialize(manager, DataType.FLOAT32, pairs.get(0).getShape(), pairs.get(1).getShape());
        NDArray logits = head.forward(new ParameterStore(manager, false), pairs, true).singletonOrThrow();
        assertClose(f.getDoubleList("logits"), logits, 1e-4);
        assertEquals(f.getDouble("loss"), head.loss(pairs.get(0), pairs.get(1)).getFloat(), 1e-5);
    }

    /** The keys overwrite the columns from queue_ptr on and the pointer wraps at queue_len, as in torch. */
    @Test
    void enqueueWritesKeysAtThePointerAndWraps() {
        Config f = TestParts.fixture("moco");
        int n = f.getInt("n");
        int c = f.getInt("c");
        int k = f.getInt("k");
        MoCo model = (MoCo) TestParts.build(new MoCoFactory(), "queue_len = " + k + ", feat_dim = " + c
                + ", backbone { type = ResNet_CIFAR, depth = 18, base_channels = 4 }, neck { type = MoCoV2Neck, "
                + "in_channels = 32, hid_channels = 8, out_channels = " + c + " }, head { type = ContrastiveHead }");
        model.initialize(manager, DataType.FLOAT32, new Shape(n, 3, 8, 8));
        assertEquals(new Shape(c, k), model.queue().getArray().getShape());
        assertEquals(DataType.INT64, model.queuePtr().getArray().getDataType());
        assertEquals(0L, model.queuePtr().getArray().getLong(0), "the pointer starts at 0");
        // mmpretrain's queue starts as unit columns.
        NDArray norms = model.queue().getArray().norm(new int[] {0});
        assertEquals(0f, norms.sub(1f).abs().max().getFloat(), 1e-5f);

        model.queue().getArray().set(array(manager, f.getDoubleList("queue"), c, k).toFloatArray());
        model.queuePtr().getArray().set(new long[] {f.getLong("ptr")});
        model.enqueue(MoCo.normalize(array(manager, f.getDoubleList("key"), n, c)));
        assertClose(f.getDoubleList("queue_after"), model.queue().getArray(), 1e-6);
        assertEquals(f.getLong("ptr_after"), model.queuePtr().getArray().getLong(0));
        model.enqueue(manager.ones(new Shape(n, c)));
        assertEquals(n, model.queuePtr().getArray().getLong(0), "after wrapping, the next batch follows the first");
        assertEquals(1f, model.queue().getArray().get(":, 0:" + n).min().getFloat());
    }

    @Test
    void noArraysOutliveATrainingStep() {
        MoCo model = tinyModel();
        TestParts.assertNoArraysOutliveSteps(model, manager, VIEW);
    }

    @Test
    void aTrainingStepTrainsTheQueryEncoderOnlyAndEnqueuesTheKeys() {
        MoCo model = tinyModel();
        NDList views = TestParts.trainingStep(model, manager, VIEW);
        NDArray stem = model.backbone().getParameters().get(0).getValue().getArray();
        assertTrue(stem.getGradient().abs().sum().getFloat() > 0, "the query encoder learns");
        assertTrue(views.get(0).getGradient().abs().sum().getFloat() > 0, "the query view is in the graph");
        assertEquals(0f, views.get(1).getGradient().abs().sum().getFloat(), "no gradient flows through the keys");
        assertTrue(model.encoderK().getParameters().stream().noneMatch(p -> p.getValue().requiresGradient()),
                "the key encoder is frozen");
        assertEquals(4L, model.queuePtr().getArray().getLong(0), "one batch of 4 keys was enqueued");
        NDArray enqueued = model.queue().getArray().get(":, 0:4");
        assertEquals(0f, enqueued.norm(new int[] {0}).sub(1f).abs().max().getFloat(), 1e-5f, "unit keys");
    }

    /** mmengine's convention: momentum 0.001 keeps 0.999 of the old key-encoder weights, after a first copy. */
    @Test
    void keyEncoderFollowsTheOnlineWeightsWithMmengineMomentum() {
        MoCo model = tinyModel();
        ParameterStore ps = new ParameterStore(manager, false);
        NDList views = new NDList(manager.randomNormal(VIEW), manager.randomNormal(VIEW));
        model.loss(ps, views, new NDList());
        List<NDArray> online = arrays(model.backbone());
        List<NDArray> copy = arrays(model.encoderK().module());
        assertEquals(1L, model.encoderK().steps());
        NDArray stem = online.get(0);
        assertArrayEquals(stem.toFloatArray(), copy.get(0).toFloatArray(), "the first update copies");

        NDArray before = copy.get(0).duplicate();
        stem.addi(1f);
        model.loss(ps, views, new NDList());
        NDArray expected = before.mul(0.999f).add(stem.mul(0.001f));
        assertEquals(0f, copy.get(0).sub(expected).abs().max().getFloat(), 1e-6f);
    }

    @Test
    void wrongBatchesAndConfigsAreClearErrors() {
        MoCo model = tinyModel();
        ParameterStore ps = new ParameterStore(manager, false);
        Shape three = new Shape(3, 3, 8, 8);
        Pretrain4jException batch = assertThrows(Pretrain4jException.class, () -> model.loss(ps,
                new NDList(manager.zeros(three), manager.zeros(three)), new NDList()));
        assertTrue(batch.getMessage().contains("multiple of the batch size"), batch.getMessage());
        Pretrain4jException one = assertThrows(Pretrain4jException.class,
                () -> model.loss(ps, new NDList(manager.zeros(VIEW)), new NDList()));
        assertTrue(one.getMessage().contains("MultiView"), one.getMessage());

        String parts = "backbone { type = ResNet_CIFAR, depth = 18, base_channels = 4 }, "
                + "neck { type = MoCoV2Neck, in_channels = 32, hid_channels = 8, out_channels = 4 }, ";
        MoCo wide = (MoCo) TestParts.build(new MoCoFactory(), parts + "head { type = ContrastiveHead }, feat_dim = 5");
        Pretrain4jException dim = assertThrows(Pretrain4jException.class,
                () -> wide.initialize(manager, DataType.FLOAT32, VIEW));
        assertTrue(dim.getMessage().contains("feat_dim"), dim.getMessage());
        assertError("momentum", parts + "head { type = ContrastiveHead }, momentum = 1");
        assertError("queue_len", parts + "head { type = ContrastiveHead }, queue_len = 0");
        assertError("head.type", parts + "head { type = LatentPredictHead, loss { type = CosineSimilarityLoss }, "
                + "predictor { type = MoCoV2Neck, in_channels = 4, hid_channels = 4, out_channels = 4 } }");
        assertError("neck", "backbone { type = ResNet_CIFAR, depth = 18 }, head { type = ContrastiveHead }");
    }

    private static void assertError(String path, String hocon) {
        ConfigException e = assertThrows(ConfigException.class, () -> TestParts.build(new MoCoFactory(), hocon));
        assertEquals(path, e.path(), e.getMessage());
    }
}
