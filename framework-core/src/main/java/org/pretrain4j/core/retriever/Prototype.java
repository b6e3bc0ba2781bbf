package org.pretrain4j.core.retriever;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import org.pretrain4j.api.config.ConfigView;

/**
 * Where a retriever's gallery comes from: mmpretrain's {@code prototype}, which may be a dataloader config, the path
 * of saved vectors, or a tensor.
 */
public sealed interface Prototype {
    /**
     * Vectors given directly (a config's list of lists, or Java code).
     *
     * @param features the vectors
     */
    record Inline(Features features) implements Prototype {
        /**
         * Checks the argument.
         *
         * @param features the vectors
         */
        public Inline {
            requireNonNull(features, "features is null");
        }
    }

    /**
     * A feature file written by {@code pretrain4j extract} ({@link Features#read}).
     *
     * @param path the safetensors file
     */
    record File(Path path) implements Prototype {
        /**
         * Checks the argument.
         *
         * @param path the file
         */
        public File {
            requireNonNull(path, "path is null");
        }
    }

    /**
     * A dataloader config ({@code batch_size}, {@code dataset} with its test pipeline, ...): the gallery images are
     * encoded with the retriever's current weights, again whenever the weights may have changed.
     *
     * @param config the dataloader section
     */
    record Loader(ConfigView config) implements Prototype {
        /**
         * Checks the argument.
         *
         * @param config the section
         */
        public Loader {
            requireNonNull(config, "config is null");
        }
    }
}
