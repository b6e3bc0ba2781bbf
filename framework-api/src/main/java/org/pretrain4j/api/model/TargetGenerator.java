package org.pretrain4j.api.model;

import ai.djl.nn.Block;

/**
 * A target generator, the {@code target_generator} of mmpretrain's {@code BaseSelfSupervisor}: a block with no
 * trainable parameters whose forward pass maps the normalised image batch {@code (N, C, H, W)} to the targets a
 * masked-image-modelling head learns to predict (MaskFeat's HOG features, BEiT's visual tokens, CLIP features).
 *
 * <p>Any parameters it has (a tokenizer's weights, loaded through {@code init_cfg}) are frozen, and it is run with
 * {@code training = false}, outside the gradient graph, as mmpretrain runs it under {@code torch.no_grad()}. The
 * algorithm that owns it registers it as the child {@code target_generator}, so its checkpoint keys match.
 */
public interface TargetGenerator extends Block {}
