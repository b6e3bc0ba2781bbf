package org.pretrain4j.selfsup.moco;

import static java.util.Objects.requireNonNull;

import org.pretrain4j.selfsup.SelfSupervisorSpec;

/**
 * Typed config of {@code MoCo}.
 *
 * @param parts backbone, neck and head
 * @param queueLen the number of queued negative keys
 * @param featDim the width of the embeddings
 * @param momentum the key encoder's EMA momentum, mmengine's convention (weight of the online value)
 */
public record MoCoConfig(SelfSupervisorSpec parts, int queueLen, int featDim, double momentum) {
    /**
     * Checks the parts.
     *
     * @param parts the shared keys
     * @param queueLen the queue length
     * @param featDim the embedding width
     * @param momentum the momentum
     */
    public MoCoConfig {
        requireNonNull(parts, "parts is null");
    }
}
