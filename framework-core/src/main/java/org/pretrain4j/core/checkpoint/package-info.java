/**
 * Checkpoints: a safetensors reader and writer ({@link org.pretrain4j.core.checkpoint.SafeTensors}), a reader for
 * any weights file detected by content (safetensors, {@code torch.save} zips through a restricted unpickler that never
 * runs code, numpy {@code .npz}; {@link org.pretrain4j.core.checkpoint.WeightFile}), model weights under PyTorch's
 * state-dict keys and the resume state ({@link org.pretrain4j.core.checkpoint.Checkpoints}), and a work directory's
 * checkpoints named and pruned as mmengine does ({@link org.pretrain4j.core.checkpoint.CheckpointStore}). Every write
 * is atomic ({@link org.pretrain4j.core.checkpoint.AtomicFiles}), so no failure ever damages an existing checkpoint,
 * and every read validates the file before allocating, so a damaged or hostile file is a
 * {@link org.pretrain4j.api.CheckpointException} naming it, never a crash.
 */
package org.pretrain4j.core.checkpoint;
