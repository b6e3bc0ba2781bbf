package org.pretrain4j.heads.cls;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import org.pretrain4j.api.model.Loss;
import org.pretrain4j.api.model.PreLogitsHead;
import org.pretrain4j.backbones.layers.Act;
import org.pretrain4j.backbones.layers.NamedSequence;

/**
 * mmpretrain's {@code StackedLinearClsHead}: {@code layers}, a list of {@link LinearBlock}s, one per entry of
 * {@code mid_channels} ({@code fc → norm → act → dropout}), then a last one with {@code fc} only that outputs the
 * logits. State-dict keys are mmpretrain's: {@code layers.0.fc.weight}, {@code layers.0.norm.weight}, ...,
 * {@code layers.N.fc.bias}. Every {@code fc} starts as PyTorch's default {@code nn.Linear}, since mmpretrain's head
 * sets no {@code init_cfg} of its own. Loss and prediction are single-label, as in {@link ClsHead}. Its pre-logits
 * are the output of the last hidden block, as mmpretrain's {@code pre_logits} returns them.
 */
public class StackedLinearClsHead extends ClsHead implements PreLogitsHead {
    private final StackedLinearClsHeadConfig config;
    private final NamedSequence layers;

    /**
     * Creates the head.
     *
     * @param config the typed config
     * @param loss the loss built from {@code config.head().loss()}
     */
    public StackedLinearClsHead(StackedLinearClsHeadConfig config, Loss loss) {
        super(loss, requireNonNull(config, "config is null").head().labeling());
        this.config = config;
        this.layers = new NamedSequence();
        int in = config.inChannels();
        for (int mid : config.midChannels()) {
            layers.add(new LinearBlock(in, mid, (float) config.dropoutRate(), config.norm(), config.act()));
            in = mid;
        }
        layers.add(new LinearBlock(in, config.numClasses(), 0f, null, Act.NONE));
        setClassifier("layers", layers, config.inChannels(), config.numClasses());
    }

    /**
     * The config the head was built from.
     *
     * @return the config
     */
    public StackedLinearClsHeadConfig config() {
        return config;
    }

    /**
     * Runs the hidden blocks, every {@code layers} entry but the last.
     *
     * @param parameterStore where parameters are read from
     * @param features the neck's (or backbone's) outputs; the last one is used
     * @param training whether this is a training pass
     * @return {@code (N, mid_channels[-1])}, or the last feature without hidden blocks
     */
    @Override
    public NDArray preLogits(ParameterStore parameterStore, NDList features, boolean training) {
        return layers.forwardFirst(parameterStore, preLogits(features), training, config.midChannels().size());
    }
}
