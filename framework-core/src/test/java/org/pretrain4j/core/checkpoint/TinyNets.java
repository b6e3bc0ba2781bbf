package org.pretrain4j.core.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pretrain4j.core.inspect.ModuleTree;

/** Tiny models with mmpretrain-style names ({@code backbone.conv1}, {@code head.fc}) for checkpoint tests. */
final class TinyNets {
    static final Shape INPUT = new Shape(2, 3, 6, 6);

    private TinyNets() {}

    /** Named children run in order, like {@code nn.Sequential} with names. */
    static class Chain extends AbstractBlock {
        private final List<Block> blocks = new ArrayList<>();

        Chain add(String name, Block block) {
            blocks.add(addChildBlock(name, block));
            return this;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDList x = inputs;
            for (Block b : blocks) {
                x = b.forward(ps, x, training, params);
            }
            return x;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape[] s = inputShapes;
            for (Block b : blocks) {
                s = b.getOutputShapes(s);
            }
            return s;
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape[] s = inputShapes;
            for (Block b : blocks) {
                b.initialize(manager, dataType, s);
                s = b.getOutputShapes(s);
            }
        }
    }

    /** {@code backbone.<convName>} (3x3 conv), {@code backbone.bn1}, pooling, {@code head.fc}. */
    static Chain classifier(String convName, int channels, int classes) {
        return new Chain().add("backbone", backbone(convName, channels)).add("head",
                new Chain().add("fc", Linear.builder().setUnits(classes).build()));
    }

    static Chain backbone(String convName, int channels) {
        return new Chain()
                .add(convName, Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .setFilters(channels).build())
                .add("bn1", BatchNorm.builder().build())
                .add("pool", Pool.globalAvgPool2dBlock());
    }

    /** Initialises a block and gives every parameter (running statistics included) random values. */
    static <B extends Block> B initRandom(B block, NDManager manager, long seed) {
        manager.getEngine().setRandomSeed((int) seed);
        block.initialize(manager, DataType.FLOAT32, INPUT);
        for (Parameter p : ModuleTree.torchParameters(block).values()) {
            NDArray a = p.getArray();
            try (NDArray r = manager.randomUniform(0.5f, 1.5f, a.getShape())) {
                a.set(r.toByteBuffer());
            }
        }
        return block;
    }

    /** Every parameter's values by PyTorch key. */
    static Map<String, float[]> values(Block block) {
        Map<String, float[]> out = new LinkedHashMap<>();
        ModuleTree.torchParameters(block).forEach((k, p) -> out.put(k, p.getArray().toFloatArray()));
        return out;
    }
}
