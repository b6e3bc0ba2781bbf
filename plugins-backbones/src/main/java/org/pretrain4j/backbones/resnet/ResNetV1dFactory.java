package org.pretrain4j.backbones.resnet;

import com.google.auto.service.AutoService;
import org.pretrain4j.api.BackboneFactory;

/**
 * Registers {@link ResNet} with the deep stem and average-pooling shortcuts under mmpretrain's name
 * {@code ResNetV1d}: {@code ResNet} with {@code deep_stem = true} and {@code avg_down = true}. Configs may not set
 * those two keys (mmpretrain's class passes them itself, so repeating them is an error there too).
 */
@AutoService(BackboneFactory.class)
@SuppressWarnings("rawtypes") // AutoService cannot name the generic service interface with its type argument.
public final class ResNetV1dFactory extends AbstractResNetFactory {
    /** The type name. */
    public static final String NAME = "ResNetV1d";

    /** Creates the factory. */
    public ResNetV1dFactory() {
        super(NAME, "ResNetV1d backbone: ResNet with the deep stem and average-pooling shortcut downsampling; "
                + "deep_stem and avg_down are fixed, not keys.", ResNet.Stem.IMAGENET, new FixedStem(true, true));
    }
}
