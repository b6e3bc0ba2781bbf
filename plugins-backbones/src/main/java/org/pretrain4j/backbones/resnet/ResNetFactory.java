package org.pretrain4j.backbones.resnet;

import com.google.auto.service.AutoService;
import org.pretrain4j.api.BackboneFactory;

/** Registers {@link ResNet} with the ImageNet stem under mmpretrain's name {@code ResNet}. */
@AutoService(BackboneFactory.class)
@SuppressWarnings("rawtypes") // AutoService cannot name the generic service interface with its type argument.
public final class ResNetFactory extends AbstractResNetFactory {
    /** The type name. */
    public static final String NAME = "ResNet";

    /** Creates the factory. */
    public ResNetFactory() {
        super(NAME, "ResNet (V1b) backbone: 7x7 stem and max pooling, then up to four residual stages.",
                ResNet.Stem.IMAGENET);
    }
}
