package org.pretrain4j.api.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a hook can see of a running job.
 *
 * @param workDir the run's work directory
 * @param epoch epochs completed
 * @param iteration iterations completed
 * @param maxIterations iterations the run will take in all
 * @param lr the current learning rate
 * @param values the latest logged values: losses after a training iteration, metrics after a validation
 */
public record RunInfo(Path workDir, int epoch, long iteration, long maxIterations, double lr,
        Map<String, Double> values) {}
