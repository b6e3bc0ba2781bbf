package org.pretrain4j.api;

import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A small, valid instance of a component, used by the conformance test that runs over every registered factory
 * and by {@code describe}. Keep it tiny: it runs forward and backward in the unit-test suite.
 *
 * @param config HOCON body of the component's config, without {@code type} (empty for all defaults)
 * @param inputShapes the shapes of the inputs to run it on; what they mean depends on the kind (see {@link Kind})
 */
public record Example(String config, List<Shape> inputShapes) {
    /**
     * Copies the shape list.
     *
     * @param config the HOCON body
     * @param inputShapes the input shapes
     */
    public Example {
        inputShapes = List.copyOf(inputShapes);
    }

    /**
     * Creates an example.
     *
     * @param config HOCON body without {@code type}
     * @param inputShapes the input shapes
     * @return the example
     */
    public static Example of(String config, Shape... inputShapes) {
        return new Example(config, List.of(inputShapes));
    }
}
