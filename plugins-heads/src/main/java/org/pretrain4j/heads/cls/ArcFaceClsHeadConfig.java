package org.pretrain4j.heads.cls;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.pretrain4j.api.config.ConfigView;

/**
 * Typed config of {@link ArcFaceClsHead}.
 *
 * @param numClasses the number of classes
 * @param inChannels the feature size
 * @param numSubcenters class centres per class (sub-center ArcFace), at least 1
 * @param scale the factor on the cosine logits
 * @param margins the additive angular margin of each class, in radians
 * @param easyMargin whether the margin applies only where the cosine is positive
 * @param loss the loss's config object
 */
public record ArcFaceClsHeadConfig(int numClasses, int inChannels, int numSubcenters, double scale,
        List<Double> margins, boolean easyMargin, ConfigView loss) {
    /**
     * Checks the values and copies the margins.
     *
     * @param numClasses positive
     * @param inChannels positive
     * @param numSubcenters positive
     * @param scale the logit scale
     * @param margins one per class
     * @param easyMargin the easy-margin switch
     * @param loss the loss config
     */
    public ArcFaceClsHeadConfig {
        requireNonNull(loss, "loss is null");
        margins = List.copyOf(margins);
        if (numClasses <= 0 || inChannels <= 0 || numSubcenters <= 0) {
            throw new IllegalArgumentException("num_classes, in_channels and num_subcenters must be positive, got "
                    + numClasses + ", " + inChannels + " and " + numSubcenters);
        }
        if (margins.size() != numClasses) {
            throw new IllegalArgumentException("need one margin per class (" + numClasses + "), got "
                    + margins.size());
        }
    }
}
