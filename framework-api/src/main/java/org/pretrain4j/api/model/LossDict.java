package org.pretrain4j.api.model;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named loss terms of one training step, in insertion order, like mmpretrain's loss dictionaries. Terms whose name
 * contains {@code loss} make up the objective; others (e.g. accuracies) are only logged.
 */
public final class LossDict {
    private final Map<String, NDArray> terms = new LinkedHashMap<>();

    /**
     * Adds a term.
     *
     * @param name the term's name, e.g. {@code loss}
     * @param value a scalar
     * @return this
     * @throws IllegalArgumentException if the name is already present
     */
    public LossDict put(String name, NDArray value) {
        requireNonNull(name, "name is null");
        requireNonNull(value, "value is null");
        if (terms.putIfAbsent(name, value) != null) {
            throw new IllegalArgumentException("loss term '" + name + "' is already present");
        }
        return this;
    }

    /**
     * Adds every term of another dictionary, prefixing each name (as mmpretrain does for multi-part models).
     *
     * @param prefix prepended to each name, may be empty
     * @param other the terms to add
     * @return this
     */
    public LossDict putAll(String prefix, LossDict other) {
        other.terms.forEach((name, value) -> put(prefix + name, value));
        return this;
    }

    /**
     * The terms.
     *
     * @return an unmodifiable view, in insertion order
     */
    public Map<String, NDArray> terms() {
        return Collections.unmodifiableMap(terms);
    }

    /**
     * The objective: the sum of all terms whose name contains {@code loss}.
     *
     * @return a scalar
     * @throws IllegalStateException if no term is a loss
     */
    public NDArray total() {
        NDArray sum = null;
        for (Map.Entry<String, NDArray> e : terms.entrySet()) {
            if (e.getKey().contains("loss")) {
                sum = sum == null ? e.getValue() : sum.add(e.getValue());
            }
        }
        if (sum == null) {
            throw new IllegalStateException("no loss term among " + terms.keySet());
        }
        return sum;
    }
}
