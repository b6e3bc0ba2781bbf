package org.pretrain4j.backbones.lenet;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.backbones.layers.Act;
import org.pretrain4j.backbones.layers.NamedSequence;
import org.pretrain4j.backbones.layers.Pool2d;
import org.pretrain4j.backbones.layers.TorchInit;

/**
 * mmpretrain's {@code LeNet5}. {@code features}: 5x5 convolutions 1-6 ({@code features.0}), 6-16
 * ({@code features.3}) and 16-120 ({@code features.6}), each followed by Tanh, the first two also by 2x2 average
 * pooling. With {@code num_classes > 0}, {@code classifier}: Linear 120-84 ({@code classifier.0}), Tanh, Linear
 * 84-num_classes ({@code classifier.2}). The input is a one-channel 32x32 image (28x28 digits padded or resized);
 * the features are then {@code (N, 120, 1, 1)}, the single output of the forward pass unless the classifier turns them
 * into {@code (N, num_classes)} scores.
 *
 * <p>Weights start from PyTorch's defaults, as mmpretrain gives LeNet5 no {@code init_cfg}.
 */
public final class LeNet5 extends AbstractBlock implements Backbone {
    private static final int FEATURES = 120;
    private static final int HIDDEN = 84;

    private final LeNet5Config config;
    private final NamedSequence features;
    private final NamedSequence classifier;

    /**
     * Builds the network.
     *
     * @param config the config
     */
    public LeNet5(LeNet5Config config) {
        super((byte) 1);
        this.config = requireNonNull(config, "config is null");
        // The Tanh modules take positions 1, 4, 7 (and classifier.1) in PyTorch; they run as activations here.
        features = addChildBlock("features", new NamedSequence()
                .add("0", conv(1, 6), Act.TANH).add("2", Pool2d.avg(2, 2, 0, false, true))
                .add("3", conv(6, 16), Act.TANH).add("5", Pool2d.avg(2, 2, 0, false, true))
                .add("6", conv(16, FEATURES), Act.TANH));
        classifier = config.hasClassifier()
                ? addChildBlock("classifier", new NamedSequence()
                        .add("0", TorchInit.defaults(Linear.builder().setUnits(HIDDEN).build(), FEATURES), Act.TANH)
                        .add("2", TorchInit.defaults(Linear.builder().setUnits(config.numClasses()).build(), HIDDEN)))
                : null;
    }

    private static Conv2d conv(int in, int out) {
        return TorchInit.defaults(Conv2d.builder().setFilters(out).setKernelShape(new Shape(5, 5)).build(), in * 25L);
    }

    /**
     * The config this network was built from.
     *
     * @return the config
     */
    public LeNet5Config config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = features.forward(parameterStore, inputs, training).singletonOrThrow();
        if (classifier == null) {
            return new NDList(x);
        }
        flatShape(x.getShape());
        return classifier.forward(parameterStore, new NDList(x.reshape(x.getShape().get(0), FEATURES)), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape shape = features.getOutputShapes(inputShapes)[0];
        return classifier == null ? new Shape[] {shape} : classifier.getOutputShapes(new Shape[] {flatShape(shape)});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (inputShapes[0].dimension() != 4 || inputShapes[0].get(1) != 1) {
            throw new Pretrain4jException("LeNet5 takes one-channel images (N, 1, H, W), got shape " + inputShapes[0]);
        }
        features.initialize(manager, dataType, inputShapes);
        if (classifier != null) {
            classifier.initialize(manager, dataType, flatShape(features.getOutputShapes(inputShapes)[0]));
        }
    }

    /**
     * mmpretrain squeezes the features before the classifier, which works only when they are 1x1: anything but a
     * 32x32 input would reach the Linear layer with the wrong width.
     */
    private static Shape flatShape(Shape features) {
        if (features.get(2) != 1 || features.get(3) != 1) {
            throw new Pretrain4jException("LeNet5's classifier needs 32x32 inputs (1x1 features), got features of "
                    + "shape " + features + "; resize or pad the images to 32x32");
        }
        return new Shape(features.get(0), FEATURES);
    }
}
