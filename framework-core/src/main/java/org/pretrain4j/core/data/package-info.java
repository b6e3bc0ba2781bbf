/**
 * Feeding data to a model: a multi-threaded loader with seeded per-sample randomness and prefetch, and the data
 * preprocessor that turns 8-bit batches into normalised tensors and targets.
 */
package org.pretrain4j.core.data;
