package org.pretrain4j.backbones.lenet;

/**
 * The typed config of {@code LeNet5}.
 *
 * @param numClasses the classifier's output size; 0 or less (mmpretrain's default -1) builds no classifier and the
 *     backbone returns the {@code (N, 120, 1, 1)} features
 */
public record LeNet5Config(int numClasses) {
    /**
     * Whether the network ends in its own classifier.
     *
     * @return true for {@code numClasses > 0}
     */
    public boolean hasClassifier() {
        return numClasses > 0;
    }
}
