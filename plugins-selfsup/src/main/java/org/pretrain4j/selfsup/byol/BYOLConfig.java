package org.pretrain4j.selfsup.byol;

import static java.util.Objects.requireNonNull;

import org.pretrain4j.selfsup.SelfSupervisorSpec;

/**
 * Typed config of {@code BYOL}.
 *
 * @param parts backbone, neck and head
 * @param baseMomentum the target network's starting EMA momentum, mmengine's convention
 */
public record BYOLConfig(SelfSupervisorSpec parts, double baseMomentum) {
    /**
     * Checks the parts.
     *
     * @param parts the shared keys
     * @param baseMomentum the starting momentum
     */
    public BYOLConfig {
        requireNonNull(parts, "parts is null");
    }
}
