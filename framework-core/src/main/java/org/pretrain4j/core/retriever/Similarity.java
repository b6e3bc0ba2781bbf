package org.pretrain4j.core.retriever;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.List;

/**
 * How a retriever scores a query against gallery items (mmpretrain's {@code similarity_fn}); larger means more
 * similar. Both are one matrix product per block of queries, so a gallery is prepared once and searched with
 * batched products.
 */
public enum Similarity {
    /**
     * {@code cosine_similarity}, mmpretrain's default: the dot product of L2-normalised vectors (each norm clamped at
     * 1e-8, as {@code torch.cosine_similarity}).
     */
    COSINE("cosine_similarity"),
    /** {@code dot_product}: the plain inner product, for features that are normalised already or should not be. */
    DOT("dot_product");

    private static final float EPS = 1e-8f;

    private final String configName;

    Similarity(String configName) {
        this.configName = configName;
    }

    /**
     * The spelling configs use.
     *
     * @return e.g. {@code cosine_similarity}
     */
    public String configName() {
        return configName;
    }

    /**
     * The names configs may use, in declaration order.
     *
     * @return the config names
     */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(Similarity::configName).toList();
    }

    /**
     * Finds a similarity by its config name.
     *
     * @param name e.g. {@code cosine_similarity}
     * @return the similarity
     * @throws IllegalArgumentException for an unknown name
     */
    public static Similarity of(String name) {
        return Arrays.stream(values()).filter(s -> s.configName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown similarity_fn '" + name + "', expected one of "
                        + configNames()));
    }

    /**
     * Prepares vectors so that the similarity of two prepared vectors is their dot product.
     *
     * @param vectors {@code (n, dim)}
     * @return the prepared vectors, attached to the input's manager
     */
    public NDArray prepare(NDArray vectors) {
        if (this == DOT) {
            return vectors;
        }
        NDArray norms = vectors.norm(new int[] {1}, true).maximum(EPS);
        return vectors.div(norms);
    }
}
