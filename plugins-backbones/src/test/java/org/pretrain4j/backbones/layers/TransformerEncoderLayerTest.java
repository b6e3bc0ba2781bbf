package org.pretrain4j.backbones.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.backbones.TestBlocks;

final class TransformerEncoderLayerTest {
    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(0);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /** Weights, input and float64 reference output written by tools/fixtures/vit_layer.py. */
    static NDList fixture(NDManager manager) throws IOException {
        try (InputStream in = TransformerEncoderLayerTest.class.getResourceAsStream("/fixtures/vit_layer.npz")) {
            return NDList.decode(manager, in);
        }
    }

    private static TransformerEncoderLayer layer(float layerScale, float dropPath) {
        return TransformerEncoderLayer.builder().setEmbedDims(24).setNumHeads(3).setFeedforwardChannels(48)
                .optLayerScaleInitValue(layerScale).optDropPathRate(dropPath).optNormEpsilon(1e-6f).build();
    }

    /** DJL's layer-norm names as checkpoints spell them, as the core's ModuleTree maps them. */
    private static String torchKey(String path) {
        return path.replaceAll("\\.gamma$", ".weight").replaceAll("\\.beta$", ".bias");
    }

    @Test
    void matchesPyTorchWithMmpretrainKeys() throws IOException {
        NDList fixture = fixture(manager);
        NDArray x = fixture.get("input");
        TransformerEncoderLayer layer = layer(0.5f, 0f);
        layer.initialize(manager, DataType.FLOAT32, x.getShape());
        Set<String> expectedKeys = new TreeSet<>();
        for (NDArray array : fixture) {
            if (array.getName().startsWith("param.")) {
                expectedKeys.add(array.getName().substring("param.".length()));
            }
        }
        Set<String> keys = new TreeSet<>();
        for (Map.Entry<String, Parameter> e : TestBlocks.parametersByPath(layer).entrySet()) {
            String key = torchKey(e.getKey());
            keys.add(key);
            NDArray value = fixture.get("param." + key);
            assertEquals(value.getShape(), e.getValue().getArray().getShape(), key);
            e.getValue().getArray().set(value.toFloatArray());
        }
        assertEquals(expectedKeys, keys);

        NDArray y = layer.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
        NDArray expected = fixture.get("output");
        assertEquals(expected.getShape(), y.getShape());
        float maxError = y.sub(expected).abs().max().getFloat();
        assertTrue(maxError < 1e-5f, "max |java - torch| = " + maxError);
    }

    @Test
    void forwardAndBackwardReachEveryParameter() {
        TransformerEncoderLayer layer = layer(0.1f, 0.2f);
        Shape shape = new Shape(2, 5, 24);
        layer.initialize(manager, DataType.FLOAT32, shape);
        NDArray x = manager.randomNormal(shape);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray y = layer.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
            assertEquals(shape, y.getShape());
            collector.backward(y.square().sum());
        }
        for (Map.Entry<String, Parameter> e : TestBlocks.parametersByPath(layer).entrySet()) {
            assertTrue(e.getValue().getArray().getGradient().abs().sum().getFloat() > 0, e.getKey());
        }
    }

    @Test
    void optionalPartsAreChildrenOnlyWhenUsed() {
        TransformerEncoderLayer plain = layer(0f, 0f);
        plain.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 24));
        Set<String> keys = TestBlocks.parametersByPath(plain).keySet();
        assertFalse(keys.stream().anyMatch(k -> k.contains("gamma1") || k.contains("gamma2")), keys.toString());
        assertEquals(List.of("qkv", "proj"), childNames(plain, "attn"));
        assertEquals(List.of("layers"), childNames(plain, "ffn"));

        TransformerEncoderLayer full = layer(1e-5f, 0.1f);
        assertEquals(List.of("qkv", "proj", "gamma1", "out_drop"), childNames(full, "attn"));
        assertEquals(List.of("layers", "gamma2", "dropout_layer"), childNames(full, "ffn"));
        full.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 24));
        assertEquals(1e-5f, TestBlocks.parametersByPath(full).get("attn.gamma1.weight").getArray().max().getFloat());

        TransformerEncoderLayer noBias = TransformerEncoderLayer.builder().setEmbedDims(24).setNumHeads(3)
                .setFeedforwardChannels(48).optQkvBias(false).build();
        noBias.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 24));
        assertFalse(TestBlocks.parametersByPath(noBias).containsKey("attn.qkv.bias"));
    }

    private static List<String> childNames(TransformerEncoderLayer layer, String child) {
        return layer.getChildren().stream().filter(p -> p.getKey().endsWith(child)).findFirst().orElseThrow()
                .getValue().getChildren().keys().stream().map(k -> k.substring(2)).toList();
    }

    @Test
    void initialisesLikeMmpretrain() {
        TransformerEncoderLayer layer = TransformerEncoderLayer.builder().setEmbedDims(96).setNumHeads(4)
                .setFeedforwardChannels(384).build();
        layer.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 96));
        Map<String, Parameter> params = TestBlocks.parametersByPath(layer);
        // FFN: Xavier uniform (bound sqrt(6 / (96 + 384)), std bound / sqrt(3)), bias N(0, 1e-6).
        NDArray fc1 = params.get("ffn.layers.0.0.weight").getArray();
        double bound = Math.sqrt(6.0 / (96 + 384));
        assertTrue(fc1.abs().max().getFloat() <= bound);
        assertEquals(bound / Math.sqrt(3), std(fc1), bound / Math.sqrt(3) * 0.05);
        assertTrue(params.get("ffn.layers.1.bias").getArray().abs().max().getFloat() < 1e-5f);
        // Attention: PyTorch's Linear default, U(+-1/sqrt(fan_in)) for weight and bias.
        NDArray qkv = params.get("attn.qkv.weight").getArray();
        assertTrue(qkv.abs().max().getFloat() <= 1 / Math.sqrt(96));
        assertEquals(1 / Math.sqrt(96 * 3), std(qkv), 0.05 / Math.sqrt(96 * 3));
        NDArray qkvBias = params.get("attn.qkv.bias").getArray();
        assertTrue(qkvBias.abs().max().getFloat() <= 1 / Math.sqrt(96));
        assertTrue(qkvBias.abs().max().getFloat() > 0.5 / Math.sqrt(96));
        assertEquals(1f, params.get("ln1.gamma").getArray().min().getFloat());
        assertEquals(0f, params.get("ln2.beta").getArray().abs().max().getFloat());
    }

    private static double std(NDArray a) {
        return a.sub(a.mean()).square().mean().sqrt().getFloat();
    }

    @Test
    void badSizesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransformerEncoderLayer.builder().setEmbedDims(10).setNumHeads(3).setFeedforwardChannels(8)
                        .build());
        assertTrue(e.getMessage().contains("multiple of num_heads"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TransformerEncoderLayer.builder().setEmbedDims(12)
                .setNumHeads(3).setFeedforwardChannels(8).optDropRate(1f).build());
    }
}
