package org.pretrain4j.heads.cls;

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
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.LossDict;

final class ArcFaceClsHeadTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static ArcFaceClsHead head(String hocon) {
        return (ArcFaceClsHead) new StubBuildContext().build(Kind.HEAD,
                ConfigView.parse("type = ArcFaceClsHead\n" + hocon));
    }

    private static float[] floats(Config c, String key) {
        List<Double> values = c.getDoubleList(key);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    /**
     * Logits, loss and gradients against tools/fixtures/arcface_head.py, which writes mmpretrain's ArcFace head out in
     * plain torch 1.13: 4 samples of 5 features, 3 classes with 2 sub-centres, scale 16, per-class margins. The
     * fixture covers both sides of the threshold (sample 3's target cosine is -0.997 < -cos(0.3)) and a negative
     * target cosine (sample 2), so the easy_margin case differs.
     */
    @Test
    void matchesPyTorch() throws Exception {
        Config fixture;
        try (var in = getClass().getResourceAsStream("/fixtures/arcface_head.json")) {
            fixture = ConfigFactory.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        int n = fixture.getInt("n");
        int dim = fixture.getInt("dim");
        long[] target = fixture.getIntList("target").stream().mapToLong(Integer::longValue).toArray();
        for (Config c : fixture.getConfigList("cases")) {
            boolean easy = c.getBoolean("easy_margin");
            ArcFaceClsHead head = head("num_classes = 3, in_channels = 5, num_subcenters = 2, scale = 16, "
                    + "margins = [0.5, 0.3, 0.2], easy_margin = " + easy);
            head.initialize(manager, DataType.FLOAT32, new Shape(n, dim));
            NDArray weight = head.getChildren().get("02norm_product").getParameters().get("weight").getArray();
            weight.set(floats(fixture, "weight"));
            NDArray x = manager.create(floats(fixture, "x"), new Shape(n, dim));
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList out = head.forward(new ParameterStore(manager, false), new NDList(x), true);
                assertArrayEquals(floats(c, "eval_logits"), out.get(0).toFloatArray(), 1e-4f);
                assertArrayEquals(floats(c, "cosine"), out.get(1).toFloatArray(), 1e-6f);
                LossDict losses = head.loss(out, manager.create(target));
                assertEquals(c.getDouble("loss"), losses.total().getFloat(), 1e-4, "easy_margin = " + easy);
                collector.backward(losses.total());
            }
            assertArrayEquals(floats(c, "grad_weight"), weight.getGradient().toFloatArray(), 1e-4f);
            assertArrayEquals(floats(c, "grad_x"), x.getGradient().toFloatArray(), 1e-4f);
        }
    }

    @Test
    void shapesKeysAndParameterCount() {
        ArcFaceClsHead head = head("num_classes = 3997, in_channels = 2048");
        head.initialize(manager, DataType.FLOAT32, new Shape(2, 2048));
        // PyTorch: sum(p.numel() for p in nn.Linear(2048, 3997, bias=False).parameters()) = 8185856, mmpretrain's
        // NormProduct for the InShop arcface config.
        assertEquals(8185856, head.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum());
        assertEquals(List.of("01loss_module", "02norm_product"), head.getChildren().keys());
        Shape[] out = head.getOutputShapes(new Shape[] {new Shape(2, 2048)});
        assertArrayEquals(new Shape[] {new Shape(2, 3997), new Shape(2, 3997)}, out);
        ArcFaceClsHead subcenters = head("num_classes = 100, in_channels = 512, num_subcenters = 3");
        subcenters.initialize(manager, DataType.FLOAT32, new Shape(2, 512));
        // PyTorch: nn.Linear(512, 300, bias=False) holds 153600 weights.
        NDArray w = subcenters.getChildren().get("02norm_product").getParameters().get("weight").getArray();
        assertEquals(new Shape(300, 512), w.getShape());
        // nn.Linear's default init, U(-1/sqrt(512), 1/sqrt(512)).
        assertTrue(w.abs().max().getFloat() <= 1 / Math.sqrt(512));
    }

    @Test
    void predictIsTheSoftmaxOfTheScaledCosines() {
        ArcFaceClsHead head = head("num_classes = 3, in_channels = 4, scale = 2");
        head.initialize(manager, DataType.FLOAT32, new Shape(2, 4));
        NDList out = head.forward(new ParameterStore(manager, false), new NDList(manager.randomNormal(new Shape(2, 4))),
                false);
        assertArrayEquals(out.get(1).mul(2).toFloatArray(), out.get(0).toFloatArray(), 1e-6f);
        NDList predicted = head.predict(out);
        assertArrayEquals(out.get(0).softmax(-1).toFloatArray(), predicted.get(0).toFloatArray(), 1e-6f);
        assertEquals(DataType.INT64, predicted.get(1).getDataType());
    }

    @Test
    void denseTargetsAreRejected() {
        ArcFaceClsHead head = head("num_classes = 3, in_channels = 4");
        head.initialize(manager, DataType.FLOAT32, new Shape(2, 4));
        NDList out = head.forward(new ParameterStore(manager, false), new NDList(manager.ones(new Shape(2, 4))), true);
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> head.loss(out, manager.ones(new Shape(2, 3)).div(3)));
        assertTrue(e.getMessage().contains("class indices"), e.getMessage());
    }

    @Test
    void marginsFromAListOrATextFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("margins.txt");
        Files.writeString(file, "0.1\n0.2\n\n0.3\n");
        ArcFaceClsHeadConfig fromFile = new ArcFaceClsHeadFactory().parseConfig(ConfigView.parse(
                "num_classes = 3, in_channels = 4, margins = \"" + file + "\""));
        assertEquals(List.of(0.1, 0.2, 0.3), fromFile.margins());
        ArcFaceClsHeadConfig one = new ArcFaceClsHeadFactory().parseConfig(ConfigView.parse(
                "num_classes = 2, in_channels = 4, margins = 0.25"));
        assertEquals(List.of(0.25, 0.25), one.margins());
    }

    @Test
    void badConfigsNameTheKey() {
        ConfigException count = assertThrows(ConfigException.class,
                () -> head("num_classes = 3, in_channels = 4, margins = [0.1, 0.2]"));
        assertTrue(count.getMessage().startsWith("margins") && count.getMessage().contains("one margin per class"),
                count.getMessage());
        ConfigException subcenters = assertThrows(ConfigException.class,
                () -> head("num_classes = 3, in_channels = 4, num_subcenters = 0"));
        assertTrue(subcenters.getMessage().startsWith("num_subcenters"), subcenters.getMessage());
        ConfigException notTxt = assertThrows(ConfigException.class,
                () -> head("num_classes = 3, in_channels = 4, margins = \"m.csv\""));
        assertTrue(notTxt.getMessage().contains(".txt"), notTxt.getMessage());
        // mmpretrain's ArcFaceClsHead takes no topk or cal_acc.
        ConfigException topk = assertThrows(ConfigException.class,
                () -> head("num_classes = 3, in_channels = 4, topk = [1]"));
        assertTrue(topk.getMessage().contains("topk"), topk.getMessage());
    }
}
