package org.pretrain4j.backbones.convnext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.core.inspect.ModuleTree;

final class ConvNeXtTest {
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

    static ConvNeXt build(String hocon) {
        ConvNeXtFactory factory = new ConvNeXtFactory();
        return (ConvNeXt) factory.create(factory.parseConfig(ConfigView.parse(hocon)), null);
    }

    private ConvNeXt initialized(String hocon, Shape input) {
        ConvNeXt net = build(hocon);
        net.initialize(manager, DataType.FLOAT32, input);
        return net;
    }

    @Test
    void matchesTorchvisionConvNeXtWithMmpretrainKeys() throws Exception {
        // tools/fixtures/convnext.py: torchvision's ConvNeXt with randomised weights, renamed to mmpretrain's keys.
        Config fixture;
        try (InputStreamReader in = new InputStreamReader(
                getClass().getResourceAsStream("/fixtures/convnext_parity.json"), StandardCharsets.UTF_8)) {
            fixture = ConfigFactory.parseReader(in);
        }
        ConvNeXt net = initialized("arch { depths = [1, 2], channels = [8, 16] }, out_indices = [1]",
                shape(fixture, "input"));
        Map<String, Parameter> params = ModuleTree.torchParameters(net);
        Config expectedParams = fixture.getConfig("parameters");
        Set<String> fixtureKeys = new TreeSet<>();
        expectedParams.root().keySet().forEach(k -> fixtureKeys.add(k.replace("\"", "")));
        assertEquals(fixtureKeys, new TreeSet<>(params.keySet()), "state-dict keys");
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Config tensor = fixture.getObject("parameters").toConfig().getConfig("\"" + e.getKey() + "\"");
            NDArray array = e.getValue().getArray();
            assertEquals(new Shape(longs(tensor.getLongList("shape"))), array.getShape(), e.getKey());
            array.set(floats(tensor.getDoubleList("data")));
        }
        NDArray x = manager.create(floats(fixture.getDoubleList("input.data")), shape(fixture, "input"));
        NDArray out = net.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
        assertEquals(shape(fixture, "expected"), out.getShape());
        assertArrayEquals(floats(fixture.getDoubleList("expected.data")), out.toFloatArray(), 1e-4f);
    }

    @Test
    void parameterCountMatchesPyTorch() {
        // torchvision ConvNeXt with atto's block settings (40/80/160/320, depths 2/2/6/2) has 3,695,520
        // parameters; minus its classifier Linear (320 * 1000 + 1000) that is 3,374,520. The LayerNorm of the
        // classifier is norm3 here. ConvNeXt-T with its head is checked in pretrain4j-cli's ParameterCountTest.
        ConvNeXt atto = initialized("arch = atto", new Shape(1, 3, 32, 32));
        assertEquals(3_374_520L, ModuleTree.countParameters(atto));
        assertEquals(320, atto.featDim());
    }

    @Test
    void namesFollowMmpretrainStateDict() {
        ConvNeXt net = initialized("arch { depths = [1, 2, 1], channels = [4, 8, 16] }, out_indices = [0, 2]",
                new Shape(1, 3, 32, 32));
        Map<String, Parameter> params = ModuleTree.torchParameters(net);
        assertTrue(params.keySet().containsAll(List.of("downsample_layers.0.0.weight", "downsample_layers.0.0.bias",
                "downsample_layers.0.1.weight", "downsample_layers.0.1.bias", "downsample_layers.2.0.weight",
                "downsample_layers.2.1.weight", "stages.0.0.depthwise_conv.weight", "stages.0.0.norm.weight",
                "stages.1.1.pointwise_conv1.weight", "stages.1.1.pointwise_conv2.bias", "stages.2.0.gamma",
                "norm0.weight", "norm0.bias", "norm2.weight")), params.keySet().toString());
        assertFalse(params.containsKey("norm1.weight"), "only returned stages have a norm");
        assertEquals(new Shape(4, 3, 4, 4), params.get("downsample_layers.0.0.weight").getArray().getShape());
        assertEquals(new Shape(16, 8, 2, 2), params.get("downsample_layers.2.1.weight").getArray().getShape());
        assertEquals(new Shape(8, 1, 7, 7), params.get("stages.1.0.depthwise_conv.weight").getArray().getShape());
        assertEquals(new Shape(32, 8), params.get("stages.1.0.pointwise_conv1.weight").getArray().getShape());
        assertEquals(new Shape(16), params.get("stages.2.0.gamma").getArray().getShape());

        Map<String, Parameter> v2 = ModuleTree.torchParameters(initialized(
                "arch { depths = [1], channels = [4] }, use_grn = true, layer_scale_init_value = 0",
                new Shape(1, 3, 8, 8)));
        assertTrue(v2.keySet().containsAll(List.of("stages.0.0.grn.gamma", "stages.0.0.grn.beta")), v2.toString());
        assertEquals(new Shape(16), v2.get("stages.0.0.grn.gamma").getArray().getShape());
        assertFalse(v2.containsKey("stages.0.0.gamma"), "layer_scale_init_value = 0 builds no layer scale");
    }

    @Test
    void initialisationFollowsMmpretrainInitCfg() {
        ConvNeXt net = initialized("arch { depths = [1], channels = [96] }", new Shape(1, 3, 8, 8));
        Map<String, Parameter> params = ModuleTree.torchParameters(net);
        NDArray w = params.get("stages.0.0.pointwise_conv1.weight").getArray();
        double std = w.sub(w.mean()).square().mean().sqrt().getFloat();
        assertEquals(0.02, std, 0.001);
        assertEquals(0f, params.get("stages.0.0.pointwise_conv1.bias").getArray().abs().sum().getFloat());
        assertEquals(96 * 1e-6f, params.get("stages.0.0.gamma").getArray().sum().getFloat(), 1e-9f);
        assertEquals(96f, params.get("norm0.weight").getArray().sum().getFloat());
        assertEquals(0f, params.get("norm0.bias").getArray().abs().sum().getFloat());
    }

    @Test
    void forwardAndBackwardMatchDeclaredShapes() {
        String tiny = "arch { depths = [1, 1, 1, 1], channels = [4, 8, 8, 16] }";
        checkShapes(tiny, new Shape(2, 3, 32, 32), new Shape(2, 16));
        checkShapes(tiny + ", out_indices = [3, 0], drop_path_rate = 0.3", new Shape(2, 3, 32, 32),
                new Shape(2, 4), new Shape(2, 16));
        checkShapes(tiny + ", out_indices = [1, -1], gap_before_final_norm = false", new Shape(2, 3, 32, 32),
                new Shape(2, 8, 4, 4), new Shape(2, 16, 1, 1));
        checkShapes("arch { depths = [2], channels = [6] }, in_channels = 1, stem_patch_size = 2, use_grn = true, "
                + "layer_scale_init_value = 0", new Shape(2, 1, 12, 10), new Shape(2, 6));
    }

    @Test
    void frozenStagesFreezeDownsampleAndBlocksButNotTheirNorm() {
        ConvNeXt net = initialized("arch { depths = [1, 1], channels = [4, 8] }, frozen_stages = 1, "
                + "out_indices = [0, 1]", new Shape(2, 3, 16, 16));
        Map<String, Parameter> params = ModuleTree.torchParameters(net);
        params.forEach((key, p) -> assertEquals(!key.startsWith("downsample_layers.0.") && !key.startsWith("stages.0."),
                p.requiresGradient(), key));
        try (NDManager step = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList out = net.forward(new ParameterStore(step, false), new NDList(step.randomNormal(
                    new Shape(2, 3, 16, 16))), true);
            collector.backward(out.get(0).mul(out.get(0)).sum().add(out.get(1).sum()));
        }
        assertTrue(params.get("norm0.weight").getArray().getGradient().abs().sum().getFloat() > 0);
        assertTrue(params.get("stages.1.0.depthwise_conv.weight").getArray().getGradient().abs().sum().getFloat() > 0);
    }

    @Test
    void dropPathIsStochasticInTrainingOnly() {
        ConvNeXt net = initialized("arch { depths = [4], channels = [8] }, drop_path_rate = 0.5, "
                + "layer_scale_init_value = 1.0", new Shape(8, 3, 8, 8));
        NDArray x = manager.randomNormal(new Shape(8, 3, 8, 8));
        ParameterStore ps = new ParameterStore(manager, false);
        assertTrue(net.forward(ps, new NDList(x), false).head().contentEquals(net.forward(ps, new NDList(x), false)
                .head()));
        assertFalse(net.forward(ps, new NDList(x), true).head().contentEquals(net.forward(ps, new NDList(x), true)
                .head()));
    }

    private void checkShapes(String hocon, Shape input, Shape... expected) {
        ConvNeXt net = initialized(hocon, input);
        assertArrayEquals(expected, net.getOutputShapes(new Shape[] {input}), hocon);
        try (NDManager step = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList out = net.forward(new ParameterStore(step, false), new NDList(step.randomNormal(input)), true);
            assertArrayEquals(expected, out.getShapes(), hocon);
            NDArray loss = out.get(0).square().mean();
            for (int i = 1; i < out.size(); i++) {
                loss = loss.add(out.get(i).square().mean());
            }
            collector.backward(loss);
        }
        NDArray stemGrad = ModuleTree.torchParameters(net).get("downsample_layers.0.0.weight").getArray()
                .getGradient();
        assertTrue(stemGrad.abs().sum().getFloat() > 0, hocon + ": the stem receives gradient");
    }

    private static Shape shape(Config fixture, String key) {
        return new Shape(longs(fixture.getLongList(key + ".shape")));
    }

    private static long[] longs(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static float[] floats(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }
}
