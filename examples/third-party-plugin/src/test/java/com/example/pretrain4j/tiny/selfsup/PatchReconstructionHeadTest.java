package com.example.pretrain4j.tiny.selfsup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

final class PatchReconstructionHeadTest {
    @Test
    void patchifyOrdersPixelsByRowColumnChannel() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 2 channels of a 2x4 image; channel 1 is channel 0 plus 100.
            NDArray c0 = m.arange(0f, 8f).reshape(1, 1, 2, 4);
            NDArray images = c0.concat(c0.add(100f), 1);
            NDArray patches = new PatchReconstructionHead(2, false).patchify(images);
            assertEquals(new Shape(1, 2, 8), patches.getShape());
            assertArrayEquals(new float[] {0, 100, 1, 101, 4, 104, 5, 105, 2, 102, 3, 103, 6, 106, 7, 107},
                    patches.toFloatArray());
        }
    }

    @Test
    void normPixStandardisesEachPatchAndTheLossCountsRemovedPatchesOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = m.randomNormal(new Shape(2, 3, 4, 4)).mul(5f).add(2f);
            PatchReconstructionHead head = new PatchReconstructionHead(2, true);
            NDArray target = head.constructTarget(images);
            assertEquals(0f, target.mean(new int[] {-1}).abs().max().getFloat(), 1e-5);
            NDArray var = target.square().sum(new int[] {-1}).div(11f);
            assertEquals(1f, var.mean().getFloat(), 1e-3);

            // Perfect on kept patches, off by one everywhere on removed ones: the loss is exactly 1.
            NDArray mask = m.create(new float[] {0, 1, 0, 1, 1, 0, 0, 0}, new Shape(2, 4));
            NDArray prediction = target.add(mask.expandDims(2));
            assertEquals(1f, head.loss(prediction, images, mask).getFloat(), 1e-5);
        }
    }
}
