package org.pretrain4j.data.datasets;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.pretrain4j.api.DataException;

/**
 * Reads MNIST-style IDX files: a 4-byte magic {@code 0x00 0x00 type ndim}, {@code ndim} big-endian 32-bit sizes,
 * then the unsigned bytes. Only type {@code 0x08} (unsigned byte) occurs in MNIST and Fashion-MNIST.
 */
final class IdxReader {
    private IdxReader() {}

    /**
     * Reads an IDX file and checks its header.
     *
     * @param file the file, gzipped or raw
     * @param ndim the expected number of dimensions (1 for labels, 3 for images)
     * @return the dimensions and the payload
     * @throws org.pretrain4j.api.DataException naming the file on a bad magic number or a size mismatch
     */
    static Idx read(Path file, int ndim) {
        byte[] all = DataFiles.readAll(file);
        int headerBytes = 4 + 4 * ndim;
        if (all.length < headerBytes) {
            throw new DataException(file + ": truncated IDX header: expected at least " + headerBytes
                    + " bytes, found " + all.length);
        }
        ByteBuffer header = ByteBuffer.wrap(all, 0, headerBytes);
        int magic = header.getInt();
        int expectedMagic = 0x0800 | ndim;
        if (magic != expectedMagic) {
            throw new DataException(String.format("%s: bad IDX magic number 0x%08X, expected 0x%08X (unsigned bytes, "
                    + "%d dimensions); is this the right file?", file, magic, expectedMagic, ndim));
        }
        int[] dims = new int[ndim];
        long expected = headerBytes;
        long items = 1;
        for (int i = 0; i < ndim; i++) {
            dims[i] = header.getInt();
            if (dims[i] < 0) {
                throw new DataException(file + ": negative IDX dimension " + dims[i]);
            }
            items *= dims[i];
        }
        expected += items;
        // Compare before copying: a header that promises more than the file holds must not be read past the end.
        if (all.length != expected) {
            throw new DataException(file + ": " + (all.length < expected ? "truncated" : "unexpected trailing data")
                    + ": header " + Arrays.toString(dims) + " needs " + expected + " bytes, file has " + all.length);
        }
        return new Idx(file, dims, Arrays.copyOfRange(all, headerBytes, all.length));
    }

    /**
     * A decoded IDX file.
     *
     * @param file where it came from
     * @param dims its dimensions
     * @param data its payload
     */
    record Idx(Path file, int[] dims, byte[] data) {
        /**
         * The dimensions as a list, for messages.
         *
         * @return the dimensions
         */
        List<Integer> shape() {
            return Arrays.stream(dims).boxed().toList();
        }
    }
}
