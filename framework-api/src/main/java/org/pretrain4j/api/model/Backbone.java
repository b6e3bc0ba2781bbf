package org.pretrain4j.api.model;

import ai.djl.nn.Block;

/**
 * A feature extractor. Its forward pass takes one image batch {@code (N, C, H, W)} and returns an {@code NDList}
 * holding the outputs of the stages selected by its {@code out_indices}, shallowest first.
 *
 * <p>Child blocks are named as in mmpretrain's state dicts ({@code conv1}, {@code layer1}, {@code 0}, ...), so that
 * checkpoint keys such as {@code backbone.layer1.0.conv1.weight} line up with PyTorch's.
 */
public interface Backbone extends Block {}
