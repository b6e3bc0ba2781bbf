package org.pretrain4j.api.evaluation;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An evaluation metric such as {@code Accuracy}: it accumulates batches, then reports values under mmpretrain's
 * names ({@code accuracy/top1}, in percent where mmpretrain uses percent).
 */
public interface Metric {
    /**
     * Adds one batch.
     *
     * @param batch the batch's scores and labels
     */
    void process(Predictions batch);

    /**
     * Computes the metric over every batch since the last call, then forgets them.
     *
     * @return values by name, in a stable order
     */
    Map<String, Double> compute();

    /**
     * Writes extra outputs of the last {@link #compute()} (e.g. a confusion-matrix PNG) into a directory.
     *
     * @param dir an existing directory
     * @param classes class names for labels, possibly empty
     * @return the files written
     */
    default List<Path> writeArtifacts(Path dir, List<String> classes) {
        return List.of();
    }
}
