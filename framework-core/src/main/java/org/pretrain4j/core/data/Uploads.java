package org.pretrain4j.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Host arrays to tensors that libtorch owns. DJL's {@code NDManager.create} copies a heap array into a fresh direct
 * {@code ByteBuffer} and wraps that buffer as the tensor's memory ({@code torch::from_blob}), so the memory is freed
 * only when the garbage collector finds the buffer. A training loop uploads every batch, and with the launcher's
 * fixed, pre-touched heap collections are rare, so dead batch buffers pile up in the resident set between them.
 * Here the bytes go through one reused direct buffer per thread and the tensor is copied out of it at once, so a
 * batch's memory is freed when its step's manager closes.
 */
final class Uploads {
    private static final ThreadLocal<ByteBuffer> BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.nativeOrder()));

    private Uploads() {}

    /**
     * Uploads bytes.
     *
     * @param data the values, in row-major order
     * @param shape the tensor's shape
     * @param type {@code UINT8}, {@code INT8} or {@code BOOLEAN}
     * @param manager the manager the tensor is attached to
     * @return a tensor with its own memory
     */
    static NDArray bytes(byte[] data, Shape shape, DataType type, NDManager manager) {
        ByteBuffer buffer = buffer(data.length);
        buffer.put(data);
        return copyOut(buffer, shape, type, manager);
    }

    /**
     * Uploads floats.
     *
     * @param data the values, in row-major order
     * @param shape the tensor's shape
     * @param manager the manager the tensor is attached to
     * @return a float32 tensor with its own memory
     */
    static NDArray floats(float[] data, Shape shape, NDManager manager) {
        ByteBuffer buffer = buffer(data.length * Float.BYTES);
        buffer.asFloatBuffer().put(data);
        buffer.position(data.length * Float.BYTES);
        return copyOut(buffer, shape, DataType.FLOAT32, manager);
    }

    /**
     * Uploads longs.
     *
     * @param data the values
     * @param manager the manager the tensor is attached to
     * @return an int64 tensor {@code (data.length,)} with its own memory
     */
    static NDArray longs(long[] data, NDManager manager) {
        ByteBuffer buffer = buffer(data.length * Long.BYTES);
        buffer.asLongBuffer().put(data);
        buffer.position(data.length * Long.BYTES);
        return copyOut(buffer, new Shape(data.length), DataType.INT64, manager);
    }

    /** This thread's buffer, cleared and at least {@code bytes} long. */
    private static ByteBuffer buffer(int bytes) {
        ByteBuffer buffer = BUFFER.get();
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(Math.max(bytes, 2 * buffer.capacity())).order(ByteOrder.nativeOrder());
            BUFFER.set(buffer);
        }
        buffer.clear();
        return buffer;
    }

    /** Wraps the filled part of the buffer and copies it into a tensor of its own; the wrapper dies here. */
    private static NDArray copyOut(ByteBuffer buffer, Shape shape, DataType type, NDManager manager) {
        buffer.flip();
        try (NDArray view = manager.create(buffer, shape, type)) {
            return view.duplicate();
        }
    }
}
