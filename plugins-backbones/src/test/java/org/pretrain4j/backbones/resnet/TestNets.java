package org.pretrain4j.backbones.resnet;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.Map;
import org.pretrain4j.backbones.TestBlocks;

/** Builds backbones from HOCON and names their parameters the way checkpoints will. */
final class TestNets {
    private TestNets() {}

    /** Builds a ResNet or ResNet_CIFAR through its factory, as the framework would. */
    static ResNet build(AbstractResNetFactory factory, String hocon) {
        return (ResNet) TestBlocks.build(factory, hocon);
    }

    static ResNet resnet(String hocon) {
        return build(new ResNetFactory(), hocon);
    }

    static ResNet cifar(String hocon) {
        return build(new ResNetCifarFactory(), hocon);
    }

    /** Parameters by dotted path ({@code layer1.0.conv1.weight}), DJL's last names kept. */
    static Map<String, Parameter> parametersByPath(Block block) {
        return TestBlocks.parametersByPath(block);
    }

    /** Counts what PyTorch's {@code model.parameters()} counts: no running statistics (those are buffers). */
    static long trainableTypeCount(Block block) {
        return TestBlocks.countParameters(block);
    }
}
