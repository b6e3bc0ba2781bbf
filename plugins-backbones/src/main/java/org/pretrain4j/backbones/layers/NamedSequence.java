package org.pretrain4j.backbones.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * PyTorch's {@code nn.Sequential} with PyTorch's child names (the position, {@code 0}, {@code 1}, ..., or an explicit
 * name such as {@code pre_logits}), unlike DJL's {@code SequentialBlock}, which names children after their classes;
 * so state-dict keys such as {@code layer1.0.conv1.weight}, {@code features.3.weight} or {@code layers.head.bias} come
 * out as in PyTorch. Used for stages, shortcuts, stems, ConvNeXt's downsample layers, transformer layer stacks and
 * heads' layer stacks.
 *
 * <p>A parameter-free activation that takes a position of its own in PyTorch ({@code nn.Sequential(conv, nn.Tanh(),
 * pool)}) is given as the {@link Act} after the preceding child, and the next child is named after its PyTorch
 * position ({@code 0}, then {@code 2}); it has no state-dict entries, so no child block is needed for it.
 */
public final class NamedSequence extends StepsBlock {
    /** Creates an empty sequence whose batch norms follow the {@code training} flag. */
    public NamedSequence() {
        this(false);
    }

    /**
     * Creates an empty sequence.
     *
     * @param normEval run the batch norms directly inside this sequence in inference mode
     */
    public NamedSequence(boolean normEval) {
        super(normEval);
    }

    /**
     * Appends a child with no activation after it.
     *
     * @param name the child's name, as in mmpretrain's state dict
     * @param block the child
     * @return this
     */
    public NamedSequence add(String name, Block block) {
        return add(name, block, Act.NONE);
    }

    /**
     * Appends a child.
     *
     * @param name the child's name, as in mmpretrain's state dict
     * @param block the child
     * @param act the activation applied after it
     * @return this
     */
    public NamedSequence add(String name, Block block, Act act) {
        addStep(name, block, act);
        return this;
    }

    /**
     * Appends a child named after its position among the children ({@code 0}, {@code 1}, ...), as
     * {@code nn.Sequential(*blocks)} names it.
     *
     * @param block the child
     * @return this
     */
    public NamedSequence add(Block block) {
        return add(Integer.toString(getChildren().size()), block);
    }

    /**
     * Appends children named after their position, as {@link #add(Block)} does.
     *
     * @param blocks the children, in order
     * @return this
     */
    public NamedSequence addAll(Iterable<? extends Block> blocks) {
        for (Block block : blocks) {
            add(block);
        }
        return this;
    }

    /**
     * Runs the first children only, each with its activation: a head's layers before its classifier, which
     * mmpretrain's {@code pre_logits} returns.
     *
     * @param parameterStore the parameter store
     * @param x the input
     * @param training whether this is a training pass
     * @param count how many children to run
     * @return the output of child {@code count - 1} (the input when {@code count} is 0)
     * @throws IndexOutOfBoundsException if {@code count} is negative or above the number of children
     */
    public NDArray forwardFirst(ParameterStore parameterStore, NDArray x, boolean training, int count) {
        return forwardSteps(parameterStore, x, training, count);
    }
}
