package org.pretrain4j.heads.cls;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import java.util.OptionalInt;
import org.pretrain4j.api.model.Loss;
import org.pretrain4j.api.model.PreLogitsHead;
import org.pretrain4j.backbones.layers.Act;
import org.pretrain4j.backbones.layers.NamedSequence;

/**
 * mmpretrain's {@code VisionTransformerClsHead}: the last feature (a ViT's class token, {@code (N, C)}) goes through
 * an optional hidden layer {@code layers.pre_logits} with Tanh ({@code hidden_dim}, ClassyVision's pre-training
 * head), then the classifier {@code layers.head}. Parameters: {@code layers.pre_logits.weight}/{@code bias},
 * {@code layers.head.weight}/{@code bias}; the Tanh ({@code layers.act}) has none and runs inline.
 *
 * <p>Initialisation as mmpretrain's: {@code layers.head} all zeros ({@code Constant(layer='Linear', val=0)}), so every
 * class starts with the same score; {@code layers.pre_logits} LeCun normal, std {@code sqrt(1 / in_channels)}, with
 * zero bias (mmengine's {@code trunc_normal_} also cuts at +-2, i.e. at {@code 2 sqrt(in_channels)} standard
 * deviations, which is left out). Loss and prediction are single-label, as in {@link ClsHead}. Its pre-logits are
 * the class token after {@code layers.pre_logits} and Tanh, as mmpretrain's {@code pre_logits} returns them.
 */
public class VisionTransformerClsHead extends ClsHead implements PreLogitsHead {
    private final OptionalInt hiddenDim;
    private final NamedSequence layers;

    /**
     * Creates the head from its typed config and a loss already built.
     *
     * @param config the typed config
     * @param loss the loss built from {@code config.head().loss()}
     */
    public VisionTransformerClsHead(VisionTransformerClsHeadConfig config, Loss loss) {
        super(loss, requireNonNull(config, "config is null").head().labeling());
        this.hiddenDim = config.hiddenDim();
        this.layers = new NamedSequence();
        if (hiddenDim.isPresent()) {
            Linear preLogits = Linear.builder().setUnits(hiddenDim.getAsInt()).build();
            preLogits.setInitializer(new NormalInitializer((float) Math.sqrt(1.0 / config.inChannels())),
                    Parameter.Type.WEIGHT);
            preLogits.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
            layers.add("pre_logits", preLogits, Act.TANH);
        }
        Linear head = Linear.builder().setUnits(config.numClasses()).build();
        head.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
        head.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
        setClassifier("layers", layers.add("head", head), config.inChannels(), config.numClasses());
    }

    /**
     * The size of the hidden layer.
     *
     * @return {@code hidden_dim}, empty without {@code layers.pre_logits}
     */
    public OptionalInt hiddenDim() {
        return hiddenDim;
    }

    /**
     * Runs {@code layers.pre_logits} and its Tanh when the head has them.
     *
     * @param parameterStore where parameters are read from
     * @param features the backbone's outputs; the last one (the class token) is used
     * @param training whether this is a training pass
     * @return {@code (N, hidden_dim)}, or the class token without a hidden layer
     */
    @Override
    public NDArray preLogits(ParameterStore parameterStore, NDList features, boolean training) {
        return layers.forwardFirst(parameterStore, preLogits(features), training, hiddenDim.isPresent() ? 1 : 0);
    }
}
