package org.pretrain4j.core.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ModuleTreeTest {
    /** A norm child plus a plain parameter that PyTorch itself calls gamma, as ConvNeXt's layer scale. */
    private static final class LayerScaled extends AbstractBlock {
        private final Parameter gamma;
        private final BatchNorm bn;

        LayerScaled() {
            super((byte) 1);
            gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.OTHER)
                    .optInitializer(Initializer.ONES).optShape(new Shape(3)).build());
            bn = addChildBlock("bn", BatchNorm.builder().build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            return bn.forward(ps, inputs, training);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            bn.initialize(manager, dataType, inputShapes);
        }
    }

    @Test
    void renamesNormTensorsByTypeAndKeepsPlainGamma() {
        try (NDManager m = NDManager.newBaseManager()) {
            LayerScaled block = new LayerScaled();
            block.initialize(m, DataType.FLOAT32, new Shape(2, 3));
            assertEquals(List.of("gamma", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"),
                    List.copyOf(ModuleTree.torchParameters(block).keySet()));
            assertEquals(List.of("gamma", "bn.gamma", "bn.beta", "bn.runningMean", "bn.runningVar"),
                    List.copyOf(ModuleTree.parameters(block).keySet()));
        }
    }
}
