package org.pretrain4j.backbones.resnet;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.Map;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.backbones.ParameterPaths;

/** Builds backbones from HOCON and names their parameters the way checkpoints will. */
final class TestNets {
    private TestNets() {}

    /** Builds a ResNet or ResNet_CIFAR through its factory, as the framework would. */
    static ResNet build(AbstractResNetFactory factory, String hocon) {
        return (ResNet) factory.create(factory.parseConfig(ConfigView.parse(hocon)), null);
    }

    static ResNet resnet(String hocon) {
        return build(new ResNetFactory(), hocon);
    }

    static ResNet cifar(String hocon) {
        return build(new ResNetCifarFactory(), hocon);
    }

    /** Parameters by dotted path ({@code layer1.0.conv1.weight}): child keys lose DJL's two-digit index prefix. */
    static Map<String, Parameter> parametersByPath(Block block) {
        return ParameterPaths.of(block);
    }

    /** Counts what PyTorch's {@code model.parameters()} counts: no running statistics (those are buffers). */
    static long trainableTypeCount(Block block) {
        return ParameterPaths.count(block);
    }
}
