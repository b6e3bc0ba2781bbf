package org.pretrain4j.heads.cls;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.OptionalInt;
import org.pretrain4j.api.model.Loss;

/**
 * mmpretrain's {@code VisionTransformerClsHead}: the last feature (a ViT's class token, {@code (N, C)}) goes through
 * an optional hidden layer {@code layers.pre_logits} with Tanh ({@code hidden_dim}, ClassyVision's pre-training
 * head), then the classifier {@code layers.head}. Parameters: {@code layers.pre_logits.weight}/{@code bias},
 * {@code layers.head.weight}/{@code bias}; the Tanh ({@code layers.act}) has none and runs inline.
 *
 * <p>Initialisation as mmpretrain's: {@code layers.head} all zeros ({@code Constant(layer='Linear', val=0)}), so every
 * class starts with the same score; {@code layers.pre_logits} LeCun normal, std {@code sqrt(1 / in_channels)}, with
 * zero bias (mmengine's {@code trunc_normal_} also cuts at +-2, i.e. at {@code 2 sqrt(in_channels)} standard
 * deviations, which is left out). Loss and prediction are single-label, as in {@link ClsHead}.
 */
public class VisionTransformerClsHead extends ClsHead {
    private final OptionalInt hiddenDim;

    /**
     * Creates the head from its typed config and a loss already built.
     *
     * @param config the typed config
     * @param loss the loss built from {@code config.head().loss()}
     */
    public VisionTransformerClsHead(VisionTransformerClsHeadConfig config, Loss loss) {
        super(loss, requireNonNull(config, "config is null").head().labeling());
        this.hiddenDim = config.hiddenDim();
        setClassifier("layers", new Layers(config.inChannels(), hiddenDim, config.numClasses()), config.inChannels(),
                config.numClasses());
    }

    /**
     * The size of the hidden layer.
     *
     * @return {@code hidden_dim}, empty without {@code layers.pre_logits}
     */
    public OptionalInt hiddenDim() {
        return hiddenDim;
    }

    /** The {@code layers} module: {@code [pre_logits, act,] head}. */
    private static final class Layers extends AbstractBlock {
        private final Linear preLogits;
        private final Linear head;
        private final int numClasses;

        Layers(int inChannels, OptionalInt hiddenDim, int numClasses) {
            super((byte) 1);
            this.numClasses = numClasses;
            if (hiddenDim.isPresent()) {
                preLogits = addChildBlock("pre_logits", Linear.builder().setUnits(hiddenDim.getAsInt()).build());
                preLogits.setInitializer(new NormalInitializer((float) Math.sqrt(1.0 / inChannels)),
                        Parameter.Type.WEIGHT);
                preLogits.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
            } else {
                preLogits = null;
            }
            head = addChildBlock("head", Linear.builder().setUnits(numClasses).build());
            head.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
            head.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
            NDList x = inputs;
            if (preLogits != null) {
                x = new NDList(Activation.tanh(preLogits.forward(parameterStore, x, training).singletonOrThrow()));
            }
            return head.forward(parameterStore, x, training);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape in = inputShapes[0];
            return new Shape[] {in.slice(0, in.dimension() - 1).add(numClasses)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape shape = inputShapes[0];
            if (preLogits != null) {
                preLogits.initialize(manager, dataType, shape);
                shape = preLogits.getOutputShapes(new Shape[] {shape})[0];
            }
            head.initialize(manager, dataType, shape);
        }
    }
}
