/**
 * Data contracts: datasets yield {@link org.pretrain4j.api.data.Sample}s of 8-bit {@link org.pretrain4j.api.data.Image}s,
 * per-sample {@link org.pretrain4j.api.data.Transform}s run in loader threads with seeded randomness, and
 * {@link org.pretrain4j.api.data.BatchAugment}s (Mixup, CutMix) act on whole normalised batches.
 */
package org.pretrain4j.api.data;
