package org.pretrain4j.data.transforms;

import java.util.List;

/**
 * Typed config of {@code RandomFlip}.
 *
 * @param directions the candidate directions: {@code horizontal}, {@code vertical} or {@code diagonal}
 * @param probs the probability of each direction, summing to at most 1; the rest is "no flip"
 */
public record RandomFlipConfig(List<String> directions, List<Double> probs) {
    /**
     * Checks the config.
     *
     * @param directions the directions
     * @param probs their probabilities
     */
    public RandomFlipConfig {
        directions = List.copyOf(directions);
        probs = List.copyOf(probs);
        if (directions.isEmpty() || directions.size() != probs.size()) {
            throw new IllegalArgumentException("one probability per direction is needed");
        }
    }
}
