package org.pretrain4j.heads.cls;

import static java.util.Objects.requireNonNull;

import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import java.util.List;
import org.pretrain4j.api.model.Loss;

/**
 * mmpretrain's {@code LinearClsHead}: one fully connected layer {@code fc} from {@code in_channels} features to
 * {@code num_classes} logits, initialised as mmpretrain's {@code Normal(layer='Linear', std=0.01)} (weight
 * {@code N(0, 0.01²)}, bias zero). Loss, accuracy and prediction are {@link ClsHead}'s.
 */
public class LinearClsHead extends LayerClsHead {
    private final Linear fc;

    /**
     * Creates the head.
     *
     * @param numClasses the number of classes
     * @param inChannels the feature size
     * @param loss the loss
     * @param topk the k values of the logged accuracies
     * @param calAcc whether {@link #loss} also reports accuracies
     */
    public LinearClsHead(int numClasses, int inChannels, Loss loss, List<Integer> topk, boolean calAcc) {
        super(loss, topk, calAcc, numClasses, inChannels);
        this.fc = setClassifier("fc", Linear.builder().setUnits(numClasses).build());
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
        this(requireNonNull(config, "config is null").numClasses(), config.inChannels(), loss, config.head().topk(),
                config.head().calAcc());
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
