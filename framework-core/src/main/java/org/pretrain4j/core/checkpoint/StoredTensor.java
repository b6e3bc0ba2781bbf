package org.pretrain4j.core.checkpoint;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One tensor of a weights file as its reader validated it: name, dtype, shape, and how to fetch its bytes.
 *
 * @param name the state-dict key
 * @param dtype the element type
 * @param shape the shape
 * @param bytes fetches the tensor's bytes: a fresh direct buffer, contiguous, row-major, little-endian, holding
 *     exactly {@code shape.size() * dtype.itemSize()} bytes
 */
record StoredTensor(String name, StDtype dtype, Shape shape, Bytes bytes) {
    /** Fetches a tensor's bytes; only called after every size check has passed. */
    @FunctionalInterface
    interface Bytes {
        ByteBuffer load() throws IOException;
    }

    /** The tensor's size in bytes, as stored. */
    long byteSize() {
        return shape.size() * dtype.itemSize();
    }
}
