package org.pretrain4j.backbones.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.model.Backbone;

/**
 * What mmpretrain's CNN backbones share: an optional stem, then a chain of stages numbered from 0 for
 * {@code out_indices}; the forward pass returns the outputs of the selected stages in stage order, whatever order
 * {@code out_indices} lists them in. Frozen parts ({@code frozen_stages}) have their parameters frozen at construction
 * and run with {@code training = false}, as mmpretrain keeps them in {@code eval()} mode.
 *
 * <p>Freezing is lost if DJL unfreezes parameters later (it does so in {@code Model.newTrainer} after
 * {@code Model.load}); call {@link #applyFreezing()} again after creating the trainer in that case.
 *
 * <p>A subclass registers its children with {@link #addStem} and {@link #addStage} in its constructor and ends it with
 * {@link #select}.
 */
public abstract class StagedBackbone extends AbstractBlock implements Backbone {
    private final Steps stem;
    private final List<Block> stages = new ArrayList<>();
    private boolean[] returned = new boolean[0];
    private int frozenStages;
    private boolean stemFrozen;
    private boolean stemInEval;

    /**
     * Creates an empty backbone.
     *
     * @param normEval run the batch norms added directly to the stem in inference mode (blocks inside stages take
     *     {@code norm_eval} from their own construction)
     */
    protected StagedBackbone(boolean normEval) {
        super((byte) 1);
        stem = new Steps(normEval);
    }

    /**
     * Registers a stem step: run before the stages, not selectable by {@code out_indices}.
     *
     * @param name the child's state-dict name
     * @param block the block
     * @param act the activation after it
     * @param <B> the block type
     * @return the block
     */
    protected final <B extends Block> B addStem(String name, B block, Act act) {
        return stem.add(addChildBlock(name, block), act);
    }

    /**
     * Registers the next stage.
     *
     * @param name the child's state-dict name
     * @param block the stage
     * @param <B> the block type
     * @return the block
     */
    protected final <B extends Block> B addStage(String name, B block) {
        stages.add(addChildBlock(name, block));
        return block;
    }

    /**
     * Chooses the returned stages and what is frozen, then freezes it; call last in the constructor.
     *
     * @param outIndices the 0-based stages to return
     * @param frozen how many leading stages to freeze (parameters and batch-norm statistics), 0 for none
     * @param freezeStem freeze the stem's parameters too
     * @param stemInEval run the stem in inference mode (mmpretrain's ResNet puts its frozen stem in {@code eval()};
     *     MobileNetV2 only stops its gradients)
     * @throws IllegalArgumentException if an index is not a stage index, or more stages are frozen than exist
     */
    protected final void select(List<Integer> outIndices, int frozen, boolean freezeStem, boolean stemInEval) {
        returned = new boolean[stages.size()];
        for (int index : outIndices) {
            if (index < 0 || index >= stages.size()) {
                throw new IllegalArgumentException("out index " + index + " is not a stage index < " + stages.size());
            }
            returned[index] = true;
        }
        if (frozen < 0 || frozen > stages.size()) {
            throw new IllegalArgumentException("cannot freeze " + frozen + " of " + stages.size() + " stages");
        }
        this.frozenStages = frozen;
        this.stemFrozen = freezeStem;
        this.stemInEval = stemInEval;
        applyFreezing();
    }

    /**
     * Freezes the parameters of the frozen stem and stages, as mmpretrain's {@code _freeze_stages}. The constructor
     * calls it; call it again if something unfroze them (DJL's {@code Model.newTrainer} does after loading a model).
     */
    public final void applyFreezing() {
        if (stemFrozen) {
            stem.blocks().forEach(b -> b.freezeParameters(true));
        }
        for (int i = 0; i < frozenStages; i++) {
            stages.get(i).freezeParameters(true);
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        NDArray x = stem.forward(parameterStore, input, training && !stemInEval);
        NDList outputs = new NDList();
        for (int i = 0; i < stages.size(); i++) {
            // Frozen stages run as in eval(): no running-statistics updates, no stochastic depth.
            NDArray next = stages.get(i).forward(parameterStore, new NDList(x), training && i >= frozenStages).head();
            // A stage input that is not returned is freed at once, as Steps#forward frees its intermediates.
            if (x != input && x != next && (i == 0 || !returned[i - 1])) {
                x.close();
            }
            x = next;
            if (returned[i]) {
                outputs.add(x);
            }
        }
        return outputs;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape shape = stem.outputShape(inputShapes[0]);
        List<Shape> outputs = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            shape = stages.get(i).getOutputShapes(new Shape[] {shape})[0];
            if (returned[i]) {
                outputs.add(shape);
            }
        }
        return outputs.toArray(new Shape[0]);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = stem.initialize(manager, dataType, inputShapes[0]);
        for (Block stage : stages) {
            stage.initialize(manager, dataType, shape);
            shape = stage.getOutputShapes(new Shape[] {shape})[0];
        }
    }
}
