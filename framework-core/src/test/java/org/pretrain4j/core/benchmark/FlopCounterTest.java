package org.pretrain4j.core.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import org.junit.jupiter.api.Test;
import org.pretrain4j.core.inspect.ModuleTree;

/** MACs counted from the block tree match hand-computed values, per image and independent of the batch size. */
final class FlopCounterTest {
    private static SequentialBlock convNet() {
        return new SequentialBlock()
                .add(Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Conv2d.builder().setFilters(6).setKernelShape(new Shape(1, 1)).optStride(new Shape(2, 2))
                        .optBias(false).build())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(5).build());
    }

    @Test
    void convAndLinearMacsPerImage() {
        // Conv 3->4, 3x3, padding 1 on 8x8: 4*8*8 outputs, each 3*3*3 MACs = 6912; stride-2 1x1 conv 4->6 on 8x8:
        // 6*4*4 outputs of 4 MACs = 384; Linear 96->5: 480. BatchNorm and ReLU are not counted.
        for (int batch : new int[] {1, 3}) {
            SequentialBlock net = convNet();
            try (NDManager manager = NDManager.newBaseManager()) {
                net.initialize(manager, DataType.FLOAT32, new Shape(batch, 3, 8, 8));
                assertEquals(6912 + 384 + 480, FlopCounter.macsPerImage(net));
                assertEquals(2L * (6912 + 384 + 480), FlopCounter.forwardFlopsPerImage(net));
            }
        }
    }

    @Test
    void groupedConvAndTokenLinear() {
        // Depth-wise 3x3 on 4 channels of 6x6 (padding 1): 4*6*6 outputs of 1*3*3 MACs = 1296.
        SequentialBlock conv = new SequentialBlock().add(Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1)).optGroups(4).build());
        // Linear on tokens (B, 7, 8) -> (B, 7, 3): 7 rows of 8*3 MACs = 168 per sample.
        Linear tokens = Linear.builder().setUnits(3).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            conv.initialize(manager, DataType.FLOAT32, new Shape(2, 4, 6, 6));
            tokens.initialize(manager, DataType.FLOAT32, new Shape(2, 7, 8));
            assertEquals(1296, FlopCounter.macsPerImage(conv));
            assertEquals(168, FlopCounter.macsPerImage(tokens));
        }
    }

    @Test
    void uninitialisedModelIsRejected() {
        Linear linear = Linear.builder().setUnits(3).build();
        assertThrows(IllegalStateException.class, () -> FlopCounter.macsPerImage(linear));
    }

    @Test
    void rawDjlBaselineHasResNetCifar18SizeAndCost() {
        SequentialBlock net = RawDjlResNetCifar.resnet18(10);
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            // PyTorch's count for mmpretrain's ResNet_CIFAR-18 with a 10-class head.
            assertEquals(11_173_962, ModuleTree.countParameters(net));
            // 0.556 GMACs: mmpretrain's get_flops reports 0.56G for resnet18_8xb16_cifar10.
            assertEquals(555_422_720L, FlopCounter.macsPerImage(net));
        }
    }
}
