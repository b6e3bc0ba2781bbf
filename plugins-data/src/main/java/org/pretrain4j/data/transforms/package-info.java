/**
 * Per-sample transforms in pure Java on 8-bit HWC {@link org.pretrain4j.api.data.Image}s, with mmpretrain's (and
 * mmcv's) names, keys and sampling. They never write into their input, draw every random number from the generator
 * they are given, and hold no mutable state, so loader threads share one instance. Pixel geometry (crop, pad, flip,
 * resize) lives in {@link org.pretrain4j.data.transforms.ImageOps} alone.
 */
package org.pretrain4j.data.transforms;
