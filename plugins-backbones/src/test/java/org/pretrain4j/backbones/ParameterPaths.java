package org.pretrain4j.backbones;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names parameters the way checkpoints will, for the tests of every package here: dotted paths such as
 * {@code layer1.0.conv1.weight}, child keys without DJL's two-digit index prefix. DJL's own parameter names are kept
 * ({@code gamma}, {@code beta}); the core's {@code ModuleTree} maps those to PyTorch's {@code weight}, {@code bias}.
 */
public final class ParameterPaths {
    private ParameterPaths() {}

    /**
     * Every parameter below a block by dotted path.
     *
     * @param block the root
     * @return the parameters in tree order
     */
    public static Map<String, Parameter> of(Block block) {
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

    /**
     * Counts what PyTorch's {@code model.parameters()} counts: no running statistics (those are buffers).
     *
     * @param block the initialised block
     * @return the number of scalars
     */
    public static long count(Block block) {
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
