package org.pretrain4j.core.retriever;

/**
 * Encodes the images of a dataloader prototype; the runner provides it, since building data loaders and
 * preprocessing images is its job, not the model's.
 */
@FunctionalInterface
public interface PrototypeEncoder {
    /**
     * Encodes every image of the retriever's {@link Prototype.Loader} dataset with its current weights.
     *
     * @param retriever the model whose {@link ImageToImageRetriever#features} to use
     * @return one vector per dataset item, in dataset order, with labels
     */
    Features encode(ImageToImageRetriever retriever);
}
