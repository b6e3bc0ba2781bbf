package org.pretrain4j.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.backbones.mobilenet.MobileNetV2Factory;
import org.pretrain4j.backbones.mobilenet.MobileNetV3Factory;
import org.pretrain4j.backbones.resnet.ResNeXtFactory;
import org.pretrain4j.backbones.resnet.ResNetV1dFactory;
import org.pretrain4j.backbones.resnet.SEResNetFactory;

/**
 * Real-size CNN backbones against PyTorch networks built with mmpretrain's state-dict names: the same parameter
 * count, the same key set (count and checksum) and, with every tensor filled from its key, the same eval-mode output.
 * The expected values are printed by {@code /usr/bin/python3 tools/fixtures/cnn_parity.py} (torch 1.13, torchvision
 * 0.14); the ResNet-based ones are torchvision's ResNets edited as mmpretrain's classes differ from them, the
 * MobileNets small modules written there with mmcv's naming.
 */
final class CnnParityTest {
    private static final Map<String, Supplier<ComponentFactory<?, ?>>> FACTORIES = Map.of(
            "ResNetV1d", ResNetV1dFactory::new,
            "ResNeXt", ResNeXtFactory::new,
            "SEResNet", SEResNetFactory::new,
            "MobileNetV2", MobileNetV2Factory::new,
            "MobileNetV3", MobileNetV3Factory::new);

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        // type|config|parameters|state-dict tensors|key CRC32|output size|sum|sum of squares|y[0, n/3, 2n/3, n-1]
        "ResNetV1d|depth = 50|23527264|275|3777534949|2048|1789.15|3728.71|2.52608 2.76933 1.57328 0",
        "ResNeXt|depth = 50|22979904|265|1406395527|2048|2144.95|3824.62|0.00769591 1.56268 2.43424 2.12994",
        "SEResNet|depth = 50|26039024|329|550249279|2048|1490.32|2593.49|2.17901 2.48763 1.65962 0.205264",
        "MobileNetV2|widen_factor = 1.0|2223872|260|2164525158|1280|768.077|1145.16|0 0 1.5104 1.05907",
        "MobileNetV3|arch = small|927008|206|3519588642|576|9.50062|14.4044|-0.0853381 -0.212148 -0.120728 "
                + "0.316011",
        "MobileNetV3|arch = large|2971952|262|935943500|960|22.8932|35.3139|0.338725 -0.0213007 -0.221934 0.328117",
    })
    void matchesPyTorch(String type, String config, long parameters, int tensors, long crc, int size, double sum,
            double sumOfSquares, String samples) {
        Block net = (Block) TestBlocks.build(FACTORIES.get(type).get(), config);
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            assertEquals(parameters, TestBlocks.countParameters(net), "parameters");
            assertEquals(tensors, TestBlocks.torchParameters(net).size(), "state-dict tensors");
            assertEquals(crc, TestBlocks.keyChecksum(net), "CRC32 of the sorted state-dict keys");
            TestBlocks.fillFromNames(net);
            NDList out = net.forward(new ParameterStore(manager, false), new NDList(TestBlocks.parityInput(manager)),
                    false);
            float[] y = out.singletonOrThrow().toFloatArray();
            assertEquals(size, y.length);
            NDArray flat = out.singletonOrThrow().flatten();
            assertClose(sum, flat.sum().getFloat(), "sum");
            assertClose(sumOfSquares, flat.square().sum().getFloat(), "sum of squares");
            String[] expected = samples.split(" ");
            int[] at = {0, size / 3, 2 * size / 3, size - 1};
            for (int i = 0; i < at.length; i++) {
                assertClose(Double.parseDouble(expected[i]), y[at[i]], "y[" + at[i] + "]");
            }
        }
    }

    /** Six significant digits printed; float32 sums over different kernels differ further down. */
    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 2e-4 * Math.max(1.0, Math.abs(expected)), what);
    }
}
