package org.pretrain4j.selfsup.heads;

import org.pretrain4j.api.config.ConfigView;

/**
 * Typed config of {@code LatentCrossCorrelationHead}.
 *
 * @param inChannels the embeddings' width
 * @param loss the loss's config, built through the build context
 */
public record LatentCrossCorrelationHeadConfig(int inChannels, ConfigView loss) {}
