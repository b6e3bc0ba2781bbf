package org.pretrain4j.selfsup.simclr;

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
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.api.model.Loss;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.backbones.resnet.ResNetCifarFactory;
import org.pretrain4j.heads.cls.LinearClsHeadFactory;
import org.pretrain4j.heads.pooling.GlobalAveragePoolingFactory;
import org.pretrain4j.losses.CrossEntropyLossFactory;
import org.pretrain4j.selfsup.SelfSupervisorSpec;

final class SimCLRTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static <C, T> T make(ComponentFactory<C, T> factory, String hocon) {
        return factory.create(factory.parseConfig(ConfigView.parse(hocon)), null);
    }

    private static Loss crossEntropy() {
        return make(new CrossEntropyLossFactory(), "");
    }

    private static SimCLR tinyModel() {
        Backbone backbone = make(new ResNetCifarFactory(), "depth = 18, base_channels = 4");
        Neck neck = make(new GlobalAveragePoolingFactory(), "");
        return new SimCLR(backbone, neck, new ContrastiveHead(crossEntropy(), 0.1));
    }

    private NDArray array(List<Double> values, long... shape) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = values.get(i).floatValue();
        }
        return manager.create(f, new Shape(shape));
    }

    private static void assertClose(List<Double> expected, NDArray actual, double tolerance) {
        float[] a = actual.toFloatArray();
        assertEquals(expected.size(), a.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected.get(i), a[i], tolerance, "element " + i);
        }
    }

    /**
     * tools/fixtures/simclr.py: mmpretrain's SimCLR.loss steps in torch (interleave, normalise with + 1e-10,
     * similarity, drop the diagonal, partner as positive, the rest as negatives, cat / T, cross-entropy on class 0).
     */
    @Test
    void logitsLayoutAndLossMatchTorch() {
        Config f = ConfigFactory.parseURL(getClass().getResource("/simclr_fixture.json"));
        int n = f.getInt("n");
        int d = f.getInt("d");
        NDArray z = SimCLR.interleave(new NDList(array(f.getDoubleList("z1"), n, d), array(f.getDoubleList("z2"), n, d)));
        NDList pairs = SimCLR.similarityPairs(z);
        assertEquals(new Shape(2 * n, 1), pairs.get(0).getShape());
        assertEquals(new Shape(2 * n, 2 * n - 2), pairs.get(1).getShape());
        assertClose(f.getDoubleList("pos"), pairs.get(0), 1e-5);
        assertClose(f.getDoubleList("neg"), pairs.get(1), 1e-5);
        ContrastiveHead head = new ContrastiveHead(crossEntropy(), f.getDouble("temperature"));
        head.initialize(manager, DataType.FLOAT32, pairs.get(0).getShape(), pairs.get(1).getShape());
        NDArray logits = head.forward(new ParameterStore(manager, false), pairs, true).singletonOrThrow();
        assertClose(f.getDoubleList("logits"), logits, 1e-4);
        assertEquals(f.getDouble("loss"), head.loss(pairs.get(0), pairs.get(1)).getFloat(), 1e-5);
        NDArray zeros = manager.zeros(new Shape(2 * n), DataType.INT64);
        assertEquals(f.getDouble("loss"), head.loss(new NDList(logits), zeros).total().getFloat(), 1e-5);
    }

    @Test
    void interleavePutsTheViewsOfAnImageNextToEachOther() {
        NDArray a = manager.arange(0f, 3f).reshape(3, 1, 1, 1);
        NDArray b = a.add(100);
        NDArray both = SimCLR.interleave(new NDList(a, b));
        assertEquals(new Shape(6, 1, 1, 1), both.getShape());
        assertArrayEquals(new float[] {0, 100, 1, 101, 2, 102}, both.toFloatArray());
        assertThrows(Pretrain4jException.class, () -> SimCLR.interleave(new NDList(a, manager.zeros(new Shape(3, 1,
                2, 2)))));
    }

    @Test
    void identicalViewsMakeThePartnerTheMostSimilar() {
        SimCLR model = tinyModel();
        Shape view = new Shape(4, 3, 8, 8);
        model.initialize(manager, DataType.FLOAT32, view, view);
        NDArray images = manager.randomNormal(view);
        ParameterStore ps = new ParameterStore(manager, false);
        NDList feats = model.backbone().forward(ps, new NDList(SimCLR.interleave(new NDList(images, images))), true);
        NDArray z = model.neck().forward(ps, feats, true).get(0);
        NDList pairs = SimCLR.similarityPairs(z);
        float[] pos = pairs.get(0).toFloatArray();
        float[] neg = pairs.get(1).toFloatArray();
        for (int r = 0; r < 8; r++) {
            assertEquals(1f, pos[r], 1e-5, "row " + r + " sees itself in its partner");
            for (int c = 0; c < 6; c++) {
                assertTrue(neg[r * 6 + c] < 1f - 1e-4, "row " + r + " negative " + c);
            }
        }
    }

    @Test
    void aTrainingStepGivesGradientsToTheBackbone() {
        SimCLR model = tinyModel();
        Shape view = new Shape(4, 3, 8, 8);
        model.initialize(manager, DataType.FLOAT32, view);
        ParameterStore ps = new ParameterStore(manager, false);
        NDList inputs = new NDList(manager.randomNormal(view), manager.randomNormal(view));
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = model.loss(ps, inputs, new NDList()).total();
            assertEquals(new Shape(), loss.getShape());
            float value = loss.getFloat();
            // 8 embeddings, 7 candidates each: a random network is near log(7).
            assertTrue(value > 0.5 && value < 10, "loss " + value);
            collector.backward(loss);
        }
        NDArray grad = model.backbone().getParameters().get(0).getValue().getArray().getGradient();
        assertTrue(grad.abs().sum().getFloat() > 0, "the stem convolution receives a gradient");
    }

    @Test
    void needsExactlyTwoViews() {
        SimCLR model = tinyModel();
        Shape view = new Shape(2, 3, 8, 8);
        model.initialize(manager, DataType.FLOAT32, view);
        ParameterStore ps = new ParameterStore(manager, false);
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> model.loss(ps, new NDList(manager.zeros(view)), new NDList()));
        assertTrue(e.getMessage().contains("MultiView"), e.getMessage());
    }

    @Test
    void factoryChecksHeadAndTemperature() {
        ConfigException temperature = assertThrows(ConfigException.class,
                () -> new ContrastiveHeadFactory().parseConfig(ConfigView.parse("temperature = 0")));
        assertTrue(temperature.getMessage().contains("temperature"), temperature.getMessage());
        SimCLRFactory factory = new SimCLRFactory();
        assertThrows(ConfigException.class, () -> factory.parseConfig(ConfigView.parse(
                "backbone { type = ResNet_CIFAR }, head { type = ContrastiveHead }")));
        SelfSupervisorSpec spec = factory.parseConfig(ConfigView.parse("backbone { type = ResNet_CIFAR, depth = 18 }, "
                + "neck { type = GlobalAveragePooling }, head { type = LinearClsHead, num_classes = 2, in_channels = 4 }"));
        BuildContext context = new BuildContext() {
            @Override
            public <T> T build(Kind<T> kind, ConfigView config) {
                ComponentFactory<?, ?> f = kind == Kind.BACKBONE ? new ResNetCifarFactory()
                        : kind == Kind.NECK ? new GlobalAveragePoolingFactory()
                        : kind == Kind.HEAD ? new LinearClsHeadFactory() : new CrossEntropyLossFactory();
                config.markRead("type");
                return kind.componentType().cast(create(f, config, this));
            }
        };
        ConfigException head = assertThrows(ConfigException.class, () -> factory.create(spec, context));
        assertTrue(head.getMessage().contains("ContrastiveHead"), head.getMessage());
    }

    private static <C, T> T create(ComponentFactory<C, T> factory, ConfigView config, BuildContext context) {
        return factory.create(factory.parseConfig(config), context);
    }
}
