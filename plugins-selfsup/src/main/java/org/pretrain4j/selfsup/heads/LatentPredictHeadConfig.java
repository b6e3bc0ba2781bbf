package org.pretrain4j.selfsup.heads;

import org.pretrain4j.api.config.ConfigView;

/**
 * Typed config of {@code LatentPredictHead}.
 *
 * @param loss the loss's config, built through the build context
 * @param predictor the predictor's (a neck's) config, built through the build context
 */
public record LatentPredictHeadConfig(ConfigView loss, ConfigView predictor) {}
