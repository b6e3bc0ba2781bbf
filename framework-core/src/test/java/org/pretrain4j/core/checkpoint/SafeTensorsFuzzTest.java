package org.pretrain4j.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pretrain4j.api.CheckpointException;
import org.pretrain4j.core.fuzz.Mutations;

/**
 * Mutated and truncated safetensors files, and headers whose offsets point outside the file: reading one either
 * succeeds or fails with a {@link CheckpointException} naming the file; nothing else may escape (no runtime
 * exception, no out-of-memory from a declared size). 1,200 cases.
 */
final class SafeTensorsFuzzTest {
    private static final byte[] VALID = validFile();

    private static byte[] validFile() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            tensors.put("backbone.conv1.weight", manager.arange(24f).reshape(2, 3, 2, 2));
            tensors.put("head.fc.bias", manager.create(new float[] {1f, -2f}));
            tensors.put("steps", manager.create(new long[] {7L}));
            Path file = Files.createTempFile("valid", ".safetensors");
            SafeTensors.write(file, tensors, Map.of("config", "model { type = X }"));
            byte[] bytes = Files.readAllBytes(file);
            Files.delete(file);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Long> cases() {
        return Mutations.seeds(600);
    }

    @ParameterizedTest(name = "case {index}")
    @MethodSource("cases")
    void damagedFilesFailOnlyWithACheckpointExceptionNamingTheFile(long seed) {
        assertReadsOrFailsCleanly(Mutations.damage(VALID, new SplittableRandom(seed)));
    }

    /** Well-formed JSON headers with hostile values: offsets past the end, reversed or huge, odd dtypes and shapes. */
    @ParameterizedTest(name = "case {index}")
    @MethodSource("cases")
    void forgedHeadersFailCleanly(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] hostileOffsets = {-1, Long.MAX_VALUE, Integer.MAX_VALUE, 1L << 40};
        long[] hostileDims = {-1, 1L << 31, 1L << 62};
        String[] dtypes = {"F32", "F16", "BF16", "I64", "U8", "BOOL", "F8_E4M3", "X", ""};
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            offsets.add(random.nextInt(4) == 0 ? hostileOffsets[random.nextInt(hostileOffsets.length)]
                    : random.nextLong(-2, 65));
        }
        List<Long> dims = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            dims.add(random.nextInt(4) == 0 ? hostileDims[random.nextInt(hostileDims.length)] : random.nextLong(-1, 6));
        }
        assertReadsOrFailsCleanly(forge(offsets, dims, dtypes[random.nextInt(dtypes.length)], random.nextInt(65)));
    }

    private static byte[] forge(List<Long> offsets, List<Long> dims, String dtype, int payload) {
        String header = "{\"t\":{\"dtype\":\"" + dtype + "\",\"shape\":" + dims + ",\"data_offsets\":" + offsets
                + "}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + json.length + payload).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(json.length).put(json);
        return buffer.array();
    }

    private static void assertReadsOrFailsCleanly(byte[] bytes) {
        Path file = null;
        try {
            file = Files.createTempFile("fuzz", ".safetensors");
            Files.write(file, bytes);
            try (NDManager manager = NDManager.newBaseManager()) {
                SafeTensors.read(file, manager);
            } catch (CheckpointException e) {
                assertTrue(e.getMessage().contains(file.toString()), "error names the file: " + e.getMessage());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }
}
