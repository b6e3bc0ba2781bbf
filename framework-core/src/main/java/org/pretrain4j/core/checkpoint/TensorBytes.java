package org.pretrain4j.core.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What every weights reader shares once it has a tensor's bytes: the size checks made before allocating, turning
 * little-endian bytes into an NDArray (BF16 through F32), and laying out strided or Fortran-ordered data
 * contiguously.
 */
final class TensorBytes {
    /** The most bytes one DJL array can be created from. */
    static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE;

    private static final int CHUNK = 1 << 20;

    private TensorBytes() {}

    /**
     * The checks a tensor passes before its memory is allocated.
     *
     * @return null if it can be read, else the problem
     */
    static String unreadable(String name, StDtype dtype, long bytes) {
        if (!dtype.readable()) {
            return "tensor '" + name + "' has dtype " + dtype + ", which DJL's PyTorch engine cannot hold (readable: "
                    + StDtype.readableNames() + ")";
        }
        long outBytes = dtype == StDtype.BF16 ? bytes * 2 : bytes;
        if (outBytes > MAX_TENSOR_BYTES) {
            return "tensor '" + name + "' is " + outBytes + " bytes, over the 2 GiB a single DJL array can be "
                    + "created from";
        }
        return null;
    }

    /**
     * Creates an array from contiguous little-endian bytes.
     *
     * @param data a direct buffer holding exactly the tensor's bytes; PyTorch keeps pointing at it on CPU, so it must
     *     not be reused
     */
    static NDArray create(NDManager manager, StDtype dtype, Shape shape, ByteBuffer data) {
        data.order(ByteOrder.LITTLE_ENDIAN);
        if (dtype == StDtype.BF16) {
            return manager.create(bf16ToF32(data), shape, DataType.FLOAT32);
        }
        return manager.create(data, shape, dtype.djlType().orElseThrow());
    }

    /** BF16 is the top half of an F32, so decoding is a shift; DJL cannot be asked to do it (it aborts). */
    private static ByteBuffer bf16ToF32(ByteBuffer bf16) {
        int count = bf16.remaining() / 2;
        ByteBuffer out = ByteBuffer.allocateDirect(count * 4).order(ByteOrder.nativeOrder());
        for (int i = 0; i < count; i++) {
            int bits = (bf16.getShort(bf16.position() + i * 2) & 0xffff) << 16;
            out.putInt(i * 4, bits);
        }
        return out;
    }

    /**
     * Reads exactly {@code n} bytes of a stream into a fresh direct buffer, in chunks, so no second heap copy of a
     * large tensor is made.
     *
     * @throws IOException if the stream ends first (the message says how many bytes were missing)
     */
    static ByteBuffer readExactly(InputStream in, long n) throws IOException {
        ByteBuffer out = ByteBuffer.allocateDirect((int) n).order(ByteOrder.LITTLE_ENDIAN);
        byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(n, 1))];
        while (out.hasRemaining()) {
            int got = in.read(chunk, 0, Math.min(chunk.length, out.remaining()));
            if (got < 0) {
                throw new IOException("data ended " + out.remaining() + " bytes early (truncated?)");
            }
            out.put(chunk, 0, got);
        }
        return out.flip();
    }

    /**
     * The number of elements a view spans in its storage, from its first to its last element: {@code 0} for an
     * empty view.
     *
     * @throws ArithmeticException if it overflows a long
     */
    static long span(long[] shape, long[] strides) {
        long last = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 0) {
                return 0;
            }
            last = Math.addExact(last, Math.multiplyExact(shape[d] - 1, strides[d]));
        }
        return last + 1;
    }

    /** Row-major (C) strides of a shape, in elements. */
    static long[] contiguousStrides(long[] shape) {
        long[] strides = new long[shape.length];
        long s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= Math.max(shape[d], 1);
        }
        return strides;
    }

    /** Whether a view with these strides is laid out row-major without gaps (size-1 dimensions may stride anyhow). */
    static boolean isContiguous(long[] shape, long[] strides) {
        long[] c = contiguousStrides(shape);
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] > 1 && strides[d] != c[d]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies a strided view into a fresh contiguous row-major buffer.
     *
     * @param src the storage bytes, starting at the view's first element
     * @param itemSize bytes per element
     * @param shape the view's shape
     * @param strides the view's strides in elements
     */
    static ByteBuffer gather(ByteBuffer src, int itemSize, long[] shape, long[] strides) {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        ByteBuffer out = ByteBuffer.allocateDirect((int) (count * itemSize)).order(ByteOrder.LITTLE_ENDIAN);
        if (count == 0) {
            return out;
        }
        int rank = shape.length;
        long[] index = new long[rank];
        int base = src.position();
        byte[] item = new byte[itemSize];
        for (long i = 0; i < count; i++) {
            long offset = 0;
            for (int d = 0; d < rank; d++) {
                offset += index[d] * strides[d];
            }
            src.get(base + (int) (offset * itemSize), item);
            out.put(item);
            for (int d = rank - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return out.flip();
    }

    /** Reverses the byte order of every element in place, for big-endian sources. */
    static void swapBytes(ByteBuffer data, int itemSize) {
        if (itemSize == 1) {
            return;
        }
        int start = data.position();
        for (int at = start; at + itemSize <= data.limit(); at += itemSize) {
            for (int i = 0, j = itemSize - 1; i < j; i++, j--) {
                byte t = data.get(at + i);
                data.put(at + i, data.get(at + j));
                data.put(at + j, t);
            }
        }
    }
}
