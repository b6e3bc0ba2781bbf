package org.pretrain4j.backbones.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pretrain4j.backbones.TestBlocks;

/** mmpretrain's SELayer: names, squeeze width, and the computation spelled out with plain array ops. */
final class SELayerTest {
    @Test
    void squeezeChannelsFollowMakeDivisible() {
        assertEquals(16, SELayer.squeezeChannels(256, 16)); // SEResNet-50 layer1
        assertEquals(128, SELayer.squeezeChannels(2048, 16));
        assertEquals(8, SELayer.squeezeChannels(16, 4)); // MobileNetV3-small layer1: 16 // 4 = 4 -> 8
        assertEquals(24, SELayer.squeezeChannels(96, 4));
    }

    @Test
    void scalesEachChannelByTheGate() {
        try (NDManager m = NDManager.newBaseManager()) {
            SELayer se = new SELayer(6, 8, Act.RELU, Act.HSIGMOID);
            Shape in = new Shape(2, 6, 3, 4);
            se.initialize(m, DataType.FLOAT32, in);
            Map<String, Parameter> p = TestBlocks.torchParameters(se);
            assertEquals(List.of("conv1.conv.weight", "conv1.conv.bias", "conv2.conv.weight", "conv2.conv.bias"),
                    List.copyOf(p.keySet()));
            for (Parameter param : p.values()) {
                param.getArray().set(m.randomNormal(param.getArray().getShape()).toFloatArray());
            }
            NDArray x = m.randomNormal(in);
            NDArray actual = se.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();

            NDArray pooled = x.mean(new int[] {3}).mean(new int[] {2}); // (N, C)
            NDArray w1 = p.get("conv1.conv.weight").getArray().reshape(8, 6);
            NDArray hidden = pooled.matMul(w1.transpose()).add(p.get("conv1.conv.bias").getArray()).maximum(0f);
            NDArray w2 = p.get("conv2.conv.weight").getArray().reshape(6, 8);
            NDArray gate = hidden.matMul(w2.transpose()).add(p.get("conv2.conv.bias").getArray())
                    .add(3f).div(6f).clip(0f, 1f);
            NDArray expected = x.mul(gate.reshape(2, 6, 1, 1));
            assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 1e-5f);
            assertEquals(in, TestBlocks.forwardBackward(se, in, m)[0]);
        }
    }
}
