package org.pretrain4j.core.retriever;

import org.pretrain4j.api.config.ConfigView;

/**
 * Encodes the images of a dataloader prototype; the runner provides it, since building data loaders and
 * preprocessing images is its job, not the model's.
 */
@FunctionalInterface
public interface PrototypeEncoder {
    /**
     * Encodes every image of the loader's dataset with the retriever's current weights.
     *
     * @param retriever the model whose {@link ImageToImageRetriever#features} to use
     * @param loader the dataloader section
     * @return one vector per dataset item, in dataset order, with labels
     */
    Features encode(ImageToImageRetriever retriever, ConfigView loader);
}
