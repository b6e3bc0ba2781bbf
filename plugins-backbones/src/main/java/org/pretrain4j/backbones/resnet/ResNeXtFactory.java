package org.pretrain4j.backbones.resnet;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BackboneFactory;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;

/**
 * Registers {@link ResNet} with grouped bottlenecks under mmpretrain's name {@code ResNeXt}
 * ({@code models/backbones/resnext.py}): depths 50, 101, 152; each bottleneck's 3x3 convolution has {@code groups}
 * groups and {@code groups * width_per_group * (out / 4) / base_channels} mid channels (ResNeXt-50 32x4d: 128 in the
 * first stage). Every other key is ResNet's.
 */
@AutoService(BackboneFactory.class)
@SuppressWarnings("rawtypes") // AutoService cannot name the generic service interface with its type argument.
public final class ResNeXtFactory extends AbstractResNetFactory {
    /** The type name. */
    public static final String NAME = "ResNeXt";

    /** Creates the factory. */
    public ResNeXtFactory() {
        super(NAME, "ResNeXt backbone: ResNet whose bottlenecks use a grouped 3x3 convolution (cardinality).",
                ResNet.Stem.IMAGENET);
    }

    @Override
    int[] depths() {
        return ResNet.bottleneckDepths();
    }

    @Override
    List<ParamDoc> bottleneckParameters() {
        return List.of(
                ParamDoc.optional("groups", "int", "32", "Groups (cardinality) of each bottleneck's 3x3 convolution."),
                ParamDoc.optional("width_per_group", "int", "4",
                        "Channels per group in the first stage (doubling per stage); 32 x 4d is the classic width."));
    }

    @Override
    ResNetConfig.Bottleneck parseBottleneck(ConfigView config) {
        return new ResNetConfig.Bottleneck(positive(config, "groups", 32), positive(config, "width_per_group", 4), 0);
    }

    @Override
    public Example example() {
        return Example.of("depth = 50, groups = 2, width_per_group = 2, stem_channels = 8, base_channels = 4, "
                + "out_indices = [0, 1, 2, 3]", new Shape(2, 3, 32, 32));
    }
}
