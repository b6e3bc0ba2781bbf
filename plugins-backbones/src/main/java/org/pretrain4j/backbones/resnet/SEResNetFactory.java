package org.pretrain4j.backbones.resnet;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BackboneFactory;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;

/**
 * Registers {@link ResNet} with squeeze-and-excitation bottlenecks under mmpretrain's name {@code SEResNet}
 * ({@code models/backbones/seresnet.py}): depths 50, 101, 152; each bottleneck applies an SE layer
 * ({@code se_layer}, squeeze {@code make_divisible(out / se_ratio, 8)}, ReLU then Sigmoid) after its last batch norm,
 * before the residual sum.
 *
 * <p>mmpretrain's {@code SEBottleneck} leaves stochastic depth out of its forward pass, so a {@code drop_path_rate}
 * there is silently ignored; here a non-zero rate is rejected instead.
 */
@AutoService(BackboneFactory.class)
@SuppressWarnings("rawtypes") // AutoService cannot name the generic service interface with its type argument.
public final class SEResNetFactory extends AbstractResNetFactory {
    /** The type name. */
    public static final String NAME = "SEResNet";

    /** Creates the factory. */
    public SEResNetFactory() {
        super(NAME, "SEResNet backbone: ResNet whose bottlenecks end with a squeeze-and-excitation layer.",
                ResNet.Stem.IMAGENET);
    }

    @Override
    int[] depths() {
        return ResNet.bottleneckDepths();
    }

    @Override
    List<ParamDoc> bottleneckParameters() {
        return List.of(ParamDoc.optional("se_ratio", "int", "16",
                "Squeeze ratio of the SE layers: they squeeze to make_divisible(channels / se_ratio, 8) channels."));
    }

    @Override
    ResNetConfig.Bottleneck parseBottleneck(ConfigView config) {
        return new ResNetConfig.Bottleneck(1, ResNetConfig.Bottleneck.PLAIN.widthPerGroup(),
                positive(config, "se_ratio", 16));
    }

    @Override
    public List<ParamDoc> parameters() {
        return super.parameters().stream()
                .map(p -> p.name().equals("drop_path_rate")
                        ? ParamDoc.optional("drop_path_rate", "double", "0.0",
                                "Must be 0: mmpretrain's SEBottleneck has no stochastic depth.")
                        : p)
                .toList();
    }

    @Override
    public ResNetConfig parseConfig(ConfigView config) {
        ResNetConfig parsed = super.parseConfig(config);
        if (parsed.dropPathRate() != 0.0) {
            throw config.error("drop_path_rate", "SEResNet has no stochastic depth (mmpretrain's SEBottleneck "
                    + "ignores drop_path_rate); expected 0, got " + parsed.dropPathRate());
        }
        return parsed;
    }

    @Override
    public Example example() {
        return Example.of("depth = 50, se_ratio = 4, stem_channels = 8, base_channels = 4, out_indices = [0, 1, 2, 3]",
                new Shape(2, 3, 32, 32));
    }
}
