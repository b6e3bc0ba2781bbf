package org.pretrain4j.selfsup.simclr;

import org.pretrain4j.api.config.ConfigView;

/**
 * Typed config of {@code ContrastiveHead}.
 *
 * @param loss the loss's config, built through the build context
 * @param temperature the divisor of the similarities, positive
 */
public record ContrastiveHeadConfig(ConfigView loss, double temperature) {}
