package org.pretrain4j.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Uploads copy host arrays into tensors of their own, so reusing the staging buffer never changes earlier tensors. */
final class UploadsTest {
    @Test
    void tensorsKeepTheirValuesAfterTheBufferIsReused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray bytes = Uploads.bytes(new byte[] {1, 2, (byte) 255, 4}, new Shape(2, 2), DataType.UINT8, manager);
            NDArray floats = Uploads.floats(new float[] {0.5f, -1f, 3f}, new Shape(3, 1), manager);
            NDArray longs = Uploads.longs(new long[] {7, -2}, manager);
            // Larger than the first buffer: the staging buffer is replaced, then reused.
            NDArray big = Uploads.bytes(new byte[100_000], new Shape(100_000), DataType.UINT8, manager);
            Uploads.bytes(new byte[] {9, 9, 9, 9}, new Shape(4), DataType.UINT8, manager);

            assertArrayEquals(new byte[] {1, 2, (byte) 255, 4}, bytes.toByteArray());
            assertArrayEquals(new long[] {2, 2}, bytes.getShape().getShape());
            assertArrayEquals(new float[] {0.5f, -1f, 3f}, floats.toFloatArray());
            assertArrayEquals(new long[] {3, 1}, floats.getShape().getShape());
            assertArrayEquals(new long[] {7, -2}, longs.toLongArray());
            assertArrayEquals(new byte[100_000], big.toByteArray());
        }
    }
}
