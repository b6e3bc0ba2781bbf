package org.pretrain4j.heads.cls;

import static java.util.Objects.requireNonNull;

import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import org.pretrain4j.api.model.Loss;

/**
 * mmpretrain's {@code LinearClsHead}: one fully connected layer {@code fc} from {@code in_channels} features to
 * {@code num_classes} logits, initialised as mmpretrain's {@code Normal(layer='Linear', std=0.01)} (weight
 * {@code N(0, 0.01²)}, bias zero). Loss and prediction follow the {@link Labeling}, as in {@link ClsHead}.
 */
public class LinearClsHead extends ClsHead {
    private final int numClasses;
    private final int inChannels;
    private final Linear fc;

    /**
     * Creates the head.
     *
     * @param numClasses the number of classes
     * @param inChannels the feature size
     * @param loss the loss
     * @param labeling single- or multi-label semantics
     */
    public LinearClsHead(int numClasses, int inChannels, Loss loss, Labeling labeling) {
        super(loss, labeling);
        this.numClasses = numClasses;
        this.inChannels = inChannels;
        this.fc = setClassifier("fc", Linear.builder().setUnits(numClasses).build(), inChannels, numClasses);
        fc.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
        fc.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
    }

    /**
     * Creates the head from its typed config and a loss already built.
     *
     * @param config the typed config
     * @param loss the loss built from {@code config.head().loss()}
     */
    public LinearClsHead(LinearClsHeadConfig config, Loss loss) {
        this(requireNonNull(config, "config is null").numClasses(), config.inChannels(), loss,
                config.head().labeling());
    }

    /**
     * The number of classes.
     *
     * @return the {@code fc} output size
     */
    public int numClasses() {
        return numClasses;
    }

    /**
     * The feature size.
     *
     * @return the {@code fc} input size
     */
    public int inChannels() {
        return inChannels;
    }

    /**
     * The fully connected layer.
     *
     * @return {@code fc}
     */
    public Linear fc() {
        return fc;
    }
}
