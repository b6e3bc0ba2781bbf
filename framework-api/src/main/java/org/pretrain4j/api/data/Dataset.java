package org.pretrain4j.api.data;

import java.util.List;

/**
 * A random-access collection of samples. {@link #get} must be safe to call from several loader threads at once.
 * The framework applies the transform pipeline (the dataset config's {@code pipeline} key, which every dataset
 * accepts and the framework reads) after {@code get}.
 */
public interface Dataset {
    /**
     * The number of samples.
     *
     * @return the size
     */
    int size();

    /**
     * Reads one raw sample.
     *
     * @param index in {@code [0, size())}
     * @return the sample, before transforms
     * @throws org.pretrain4j.api.Pretrain4jException naming the file when the item cannot be read
     */
    Sample get(int index);

    /**
     * The class names, index by index; they travel into checkpoints.
     *
     * @return the names, empty when the dataset has no labels
     */
    List<String> classes();

    /**
     * Describes the dataset for logs, e.g. {@code FashionMNIST train: 60000 images from /usr/share/...}.
     *
     * @return the description
     */
    String describe();
}
