package org.pretrain4j.backbones.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/**
 * The fast batch norm computes exactly what DJL's channel-axis BatchNorm block computes, in both modes, and serves as
 * PyTorch's BatchNorm1d on (N, C) features.
 */
final class BatchNorm2dTest {
    @Test
    void matchesDjlBatchNormInTrainingAndEvalIncludingRunningStatistics() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(4, 3, 5, 5);
            BatchNorm2d fast = new BatchNorm2d(1e-5f, 0.1f, false);
            BatchNorm reference = BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
            fast.initialize(m, DataType.FLOAT32, shape);
            reference.initialize(m, DataType.FLOAT32, shape);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(2f, 3f, shape, DataType.FLOAT32);
            for (boolean training : new boolean[] {true, true, false}) {
                float[] a = fast.forward(ps, new NDList(x), training).singletonOrThrow().toFloatArray();
                float[] b = reference.forward(ps, new NDList(x), training).singletonOrThrow().toFloatArray();
                assertArrayEquals(b, a, 1e-5f, "training=" + training);
            }
            assertArrayEquals(reference.getParameters().get("runningMean").getArray().toFloatArray(),
                    fast.getParameters().get("runningMean").getArray().toFloatArray(), 1e-6f);
            assertArrayEquals(reference.getParameters().get("runningVar").getArray().toFloatArray(),
                    fast.getParameters().get("runningVar").getArray().toFloatArray(), 1e-5f);
        }
    }

    @Test
    void zeroGammaStartsAtZeroAndParametersHaveChannelShape() {
        try (NDManager m = NDManager.newBaseManager()) {
            BatchNorm2d bn = new BatchNorm2d(1e-5f, 0.1f, true);
            bn.initialize(m, DataType.FLOAT32, new Shape(2, 6, 4, 4));
            assertEquals(new Shape(6), bn.getParameters().get("gamma").getArray().getShape());
            assertEquals(0f, bn.getParameters().get("gamma").getArray().abs().sum().getFloat());
            assertEquals(6f, bn.getParameters().get("runningVar").getArray().sum().getFloat());
        }
    }

    @Test
    void normalisesTwoDimensionalFeaturesLikeBatchNorm1dWithoutAffine() {
        try (NDManager m = NDManager.newBaseManager()) {
            BatchNorm2d bn = BatchNorm2d.withoutAffine(1e-5f, 0.1f);
            bn.initialize(m, DataType.FLOAT32, new Shape(4, 3));
            assertEquals(2, bn.getParameters().size(), "running statistics only");
            NDArray x = m.create(new float[] {1, 2, 3, 2, 0, 1, 5, -1, 0, 0, 0, 4}, new Shape(4, 3));
            float[] out = bn.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow()
                    .toFloatArray();
            // torch.nn.BatchNorm1d(3, affine=False) in training mode on the same x (/usr/bin/python3, torch 1.13).
            assertArrayEquals(new float[] {-0.5345217f, 1.6059034f, 0.6324543f, 0f, -0.2294148f, -0.6324543f,
                1.6035651f, -1.1470737f, -1.2649086f, -1.0690434f, -0.2294148f, 1.2649086f}, out, 1e-5f);
            assertArrayEquals(new float[] {0.2f, 0.025f, 0.2f},
                    bn.getParameters().get("runningMean").getArray().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {1.3666667f, 1.0583333f, 1.2333333f},
                    bn.getParameters().get("runningVar").getArray().toFloatArray(), 1e-5f);
        }
    }
}
