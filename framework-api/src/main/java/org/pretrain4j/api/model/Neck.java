package org.pretrain4j.api.model;

import ai.djl.nn.Block;

/**
 * Transforms backbone features: its forward pass takes an {@code NDList} of features and returns one of the same
 * length (e.g. {@code GlobalAveragePooling} turns each {@code (N, C, H, W)} into {@code (N, C)}).
 */
public interface Neck extends Block {}
