package org.pretrain4j.backbones.resnet;

import com.google.auto.service.AutoService;
import org.pretrain4j.api.BackboneFactory;

/** Registers {@link ResNet} with the CIFAR stem under mmpretrain's name {@code ResNet_CIFAR}. */
@AutoService(BackboneFactory.class)
@SuppressWarnings("rawtypes") // AutoService cannot name the generic service interface with its type argument.
public final class ResNetCifarFactory extends AbstractResNetFactory {
    /** The type name. */
    public static final String NAME = "ResNet_CIFAR";

    /** Creates the factory. */
    public ResNetCifarFactory() {
        super(NAME, "ResNet for 32x32 images: 3x3 stride-1 stem without max pooling, then up to four residual stages.",
                ResNet.Stem.CIFAR);
    }
}
