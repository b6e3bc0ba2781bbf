package org.pretrain4j.backbones.resnet;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pretrain4j.api.config.ConfigView;

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
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect(block, "", out);
        return out;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            out.put(prefix + p.getKey(), p.getValue());
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), prefix + child.getKey().substring(2) + ".", out);
        }
    }

    /** Counts what PyTorch's {@code model.parameters()} counts: no running statistics (those are buffers). */
    static long trainableTypeCount(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter.Type type = p.getValue().getType();
            if (type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
                n += p.getValue().getArray().getShape().size();
            }
        }
        return n;
    }
}
