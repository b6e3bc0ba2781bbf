package org.pretrain4j.backbones.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pretrain4j.backbones.TestBlocks;

final class PatchEmbedTest {
    @Test
    void tokensAreTheConvolutionOutputRowByRow() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PatchEmbed embed = new PatchEmbed(3, 6, 4, true);
            Shape image = new Shape(2, 3, 8, 12);
            embed.initialize(manager, DataType.FLOAT32, image);
            Map<String, Parameter> params = TestBlocks.parametersByPath(embed);
            assertEquals(new Shape(6, 3, 4, 4), params.get("projection.weight").getArray().getShape());
            NDArray x = manager.randomNormal(image);
            NDArray tokens = embed.forward(new ParameterStore(manager, false), new NDList(x), false).head();
            assertEquals(new Shape(2, 6, 6), tokens.getShape());
            assertEquals(tokens.getShape(), embed.getOutputShapes(new Shape[] {image})[0]);
            NDArray maps = Conv2d.conv2d(x, params.get("projection.weight").getArray(),
                    params.get("projection.bias").getArray(), new Shape(4, 4)).head();
            NDArray expected = maps.transpose(0, 2, 3, 1).reshape(2, 6, 6);
            assertArrayEquals(expected.toFloatArray(), tokens.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void sidesThatAreNotMultiplesArePaddedAtTheCorner() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PatchEmbed embed = new PatchEmbed(1, 2, 4, false);
            Shape image = new Shape(1, 1, 5, 6);
            embed.initialize(manager, DataType.FLOAT32, image);
            assertArrayEquals(new long[] {2, 2}, embed.gridSize(5, 6));
            assertEquals(new Shape(1, 4, 2), embed.getOutputShapes(new Shape[] {image})[0]);
            assertFalse(TestBlocks.parametersByPath(embed).containsKey("projection.bias"));
            NDArray x = manager.randomNormal(image);
            NDArray padded = manager.zeros(new Shape(1, 1, 8, 8));
            padded.set(new ai.djl.ndarray.index.NDIndex(":, :, :5, :6"), x);
            ParameterStore ps = new ParameterStore(manager, false);
            assertArrayEquals(embed.forward(ps, new NDList(padded), false).head().toFloatArray(),
                    embed.forward(ps, new NDList(x), false).head().toFloatArray(), 1e-6f);
        }
    }
}
