package org.pretrain4j.backbones.layers;

import ai.djl.nn.Block;

/**
 * PyTorch's {@code nn.Sequential} with explicit child names ({@code 0}, {@code 1}, ...), unlike DJL's
 * {@code SequentialBlock}, which names children after their classes. Used for a stage ({@code layerN}), a shortcut
 * ({@code downsample}), a deep stem and MobileNetV2's {@code conv} branch.
 */
public final class NamedSequence extends StepsBlock {
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
     * Appends children named after their position ({@code 0}, {@code 1}, ...), as {@code nn.Sequential(*blocks)}
     * does.
     *
     * @param blocks the children, in order
     * @return this
     */
    public NamedSequence addAll(Iterable<? extends Block> blocks) {
        for (Block block : blocks) {
            add(Integer.toString(getChildren().size()), block);
        }
        return this;
    }
}
