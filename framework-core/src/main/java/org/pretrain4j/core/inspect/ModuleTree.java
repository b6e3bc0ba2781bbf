package org.pretrain4j.core.inspect;

import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Walks a DJL block tree under mmpretrain's dotted names ({@code backbone.layer1.0.conv1}). DJL prefixes each child
 * key with its 1-based position ({@code 01backbone}); that prefix is stripped here so names match PyTorch's
 * state-dict keys.
 */
public final class ModuleTree {
    private ModuleTree() {}

    /**
     * Visits every block below {@code root}, depth first, with its dotted name.
     *
     * @param root the root block (not visited itself)
     * @param visitor receives each dotted name and block
     */
    public static void visit(Block root, BiConsumer<String, Block> visitor) {
        visit(root, "", visitor);
    }

    private static void visit(Block block, String prefix, BiConsumer<String, Block> visitor) {
        BlockList children = block.getChildren();
        for (int i = 0; i < children.size(); i++) {
            Pair<String, Block> child = children.get(i);
            String name = prefix + childName(child.getKey(), i);
            visitor.accept(name, child.getValue());
            visit(child.getValue(), name + ".", visitor);
        }
    }

    /**
     * Every parameter under mmpretrain-style dotted names, e.g. {@code backbone.conv1.weight}. DJL's own parameter
     * names are kept ({@code gamma}, {@code runningMean}); translating them to PyTorch's is the checkpoint code's job.
     *
     * @param root the root block
     * @return the parameters by dotted name, in tree order
     */
    public static Map<String, Parameter> parameters(Block root) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect(root, "", out);
        return out;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            out.put(prefix + p.getValue().getName(), p.getValue());
        }
        BlockList children = block.getChildren();
        for (int i = 0; i < children.size(); i++) {
            Pair<String, Block> child = children.get(i);
            collect(child.getValue(), prefix + childName(child.getKey(), i) + ".", out);
        }
    }

    /**
     * Every parameter under PyTorch's state-dict key, e.g. {@code backbone.bn1.weight} for DJL's
     * {@code backbone.bn1.gamma}: the names checkpoints, optimizer state and {@code paramwise_cfg} keys use.
     *
     * @param root the root block
     * @return the parameters by PyTorch key, in tree order
     */
    public static Map<String, Parameter> torchParameters(Block root) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        parameters(root).forEach((name, p) -> {
            int dot = name.lastIndexOf('.');
            out.put(name.substring(0, dot + 1) + torchName(name.substring(dot + 1), p.getType()), p);
        });
        return out;
    }

    /**
     * DJL's normalisation layers name their tensors as MXNet did; PyTorch's names are the checkpoint format. Only a
     * normalisation tensor (told by its type) is renamed: a plain parameter that PyTorch itself calls {@code gamma},
     * such as ConvNeXt's layer scale ({@code stages.0.0.gamma}), keeps its name.
     */
    private static String torchName(String djlName, Parameter.Type type) {
        return switch (type) {
            case GAMMA -> djlName.equals("gamma") ? "weight" : djlName;
            case BETA -> djlName.equals("beta") ? "bias" : djlName;
            case RUNNING_MEAN -> djlName.equals("runningMean") ? "running_mean" : djlName;
            case RUNNING_VAR -> djlName.equals("runningVar") ? "running_var" : djlName;
            default -> djlName;
        };
    }

    /**
     * Counts parameters the way PyTorch's {@code sum(p.numel() for p in model.parameters())} does: BatchNorm running
     * statistics are buffers in PyTorch, so they are left out.
     *
     * @param block the block
     * @return the number of scalars in its parameters
     */
    public static long countParameters(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (isCounted(p.getValue())) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    /**
     * Tells whether a parameter is a PyTorch parameter rather than a buffer.
     *
     * @param p the parameter
     * @return false for running statistics
     */
    public static boolean isCounted(Parameter p) {
        return p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR;
    }

    /** DJL keys children {@code String.format("%02d%s", index + 1, name)}; undo exactly that. */
    static String childName(String key, int index) {
        String prefix = String.format("%02d", index + 1);
        return key.startsWith(prefix) ? key.substring(prefix.length()) : key;
    }

    /**
     * The dotted names of the children of a block, for tests and tools.
     *
     * @param block the block
     * @return its direct children's names
     */
    public static List<String> childNames(Block block) {
        List<String> names = new ArrayList<>();
        BlockList children = block.getChildren();
        for (int i = 0; i < children.size(); i++) {
            names.add(childName(children.get(i).getKey(), i));
        }
        return names;
    }
}
