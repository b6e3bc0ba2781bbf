package org.pretrain4j.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

/**
 * A self-supervised pre-training algorithm (MAE, SimCLR, BYOL, ...). Its {@link #loss} takes the views of a batch
 * and no targets; {@link #extractFeat} gives the backbone features that later feed a linear probe or fine-tune.
 *
 * <p>What {@link #loss} receives from the runner's {@code SelfSupDataPreprocessor} (mmpretrain's {@code inputs} list
 * plus the data samples' masks): one normalised {@code (N, C, H, W)} array per view, in the order the pipeline made
 * them (one view without {@code MultiView}), followed, when the pipeline has a mask generator, by the masks as one
 * float32 {@code (N, h, w)} array of 0 (visible) and 1 (masked) named {@value #MASK}. {@link #views} and {@link #mask}
 * split the two; the targets list is empty. The trainer initialises the model with one {@code (1, C, H, W)} shape per
 * view of the first sample, so a model whose views differ in size (BEiT's tokenizer picture) can build each part for
 * its own view; feature extraction and testing initialise it with the first view's shape alone.
 *
 * <p>Updates that must follow the optimizer step, or that need the run's length (an EMA teacher's momentum
 * schedule), need no extra API: any block of the model that implements {@link org.pretrain4j.api.train.Hook} is
 * called by the trainer like a configured hook ({@code beforeTrain} with the run's total iterations, then
 * {@code afterTrainIter} after every optimizer step). {@link CosineEMA} does so to learn {@code max_iters}.
 */
public interface SelfSupervisor extends TaskModel {
    /** The name of the mask array among the inputs of {@link #loss}. */
    String MASK = "mask";

    /**
     * Computes the backbone features of an image batch, without masking or augmentation.
     *
     * @param parameterStore where parameters are read from
     * @param inputs one image batch
     * @return the backbone's stage outputs
     */
    NDList extractFeat(ParameterStore parameterStore, NDList inputs);

    /**
     * The image views among a batch's inputs.
     *
     * @param inputs what {@link #loss} received
     * @return the arrays not named {@value #MASK}, in order
     */
    static NDList views(NDList inputs) {
        NDList views = new NDList(inputs.size());
        for (NDArray x : inputs) {
            if (!MASK.equals(x.getName())) {
                views.add(x);
            }
        }
        return views;
    }

    /**
     * The masks among a batch's inputs.
     *
     * @param inputs what {@link #loss} received
     * @return the float32 {@code (N, h, w)} array named {@value #MASK}, or null when the pipeline made no masks
     */
    static NDArray mask(NDList inputs) {
        for (NDArray x : inputs) {
            if (MASK.equals(x.getName())) {
                return x;
            }
        }
        return null;
    }
}
