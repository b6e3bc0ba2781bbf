package org.pretrain4j.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pretrain4j.api.CheckpointException;

final class SafeTensorsTest {
    @TempDir
    Path dir;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** A file in the reference layout: LE length, the JSON padded with spaces to 8 bytes, then the data. */
    static byte[] referenceFile(String json, byte[] data) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(header);
        for (int i = header.length; i < padded; i++) {
            b.put((byte) ' ');
        }
        return b.put(data).array();
    }

    /** Like {@link #referenceFile} but with a raw header and a chosen length field. */
    static byte[] rawFile(long length, byte[] header, byte[] data) {
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN).putLong(length)
                .put(header).put(data).array();
    }

    static byte[] le(Object... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object v : values) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (v instanceof Float f) {
                b.putFloat(f);
            } else if (v instanceof Long l) {
                b.putLong(l);
            } else if (v instanceof Short s) {
                b.putShort(s);
            } else {
                throw new IllegalArgumentException(String.valueOf(v));
            }
            out.write(b.array(), 0, b.position());
        }
        return out.toByteArray();
    }

    @Test
    void roundTripsEveryWritableDtypeWithMetadataInOrder() throws Exception {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        tensors.put("flags", manager.create(new boolean[] {true, false, true}));
        tensors.put("w", manager.create(new float[] {1.5f, -2f, 3.25f, 0f, 7f, -0.125f}, new Shape(2, 3)));
        tensors.put("d", manager.create(new double[] {Math.PI, -1e300}));
        tensors.put("h", manager.create(new float[] {0.5f, -3f, 1024f}).toType(DataType.FLOAT16, false));
        tensors.put("idx", manager.create(new long[] {Long.MAX_VALUE, -1, 3, 4}, new Shape(2, 2)));
        tensors.put("scalar", manager.create(42));
        tensors.put("bytes", manager.create(new byte[] {0, 1, (byte) 255, 7}, new Shape(4)).toType(DataType.UINT8,
                false));
        tensors.put("i8", manager.create(new byte[] {-128, 0, 127}));
        tensors.put("empty", manager.zeros(new Shape(0, 4)));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("config", "model {\n  type = \"ImageClassifier\"\t# ü ✓\n}");
        meta.put("classes", "[\"T-shirt/top\",\"Trouser\"]");
        meta.put("empty", "");
        Path file = dir.resolve("all.safetensors");

        SafeTensors.write(file, tensors, meta);
        SafeTensors.Contents read = SafeTensors.read(file, manager);

        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.tensors().keySet()), "header order is kept");
        assertEquals(meta, read.metadata());
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            NDArray got = read.tensors().get(e.getKey());
            assertEquals(e.getValue().getDataType(), got.getDataType(), e.getKey());
            assertEquals(e.getValue().getShape(), got.getShape(), e.getKey());
            assertArrayEquals(e.getValue().toByteArray(), got.toByteArray(), e.getKey());
        }
        assertEquals(meta, SafeTensors.readMetadata(file));

        // Reference layout: 8-byte aligned header, and every tensor aligned to its item size.
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        SafeTensors.Header header = SafeTensors.readHeader(file);
        for (SafeTensors.TensorInfo t : header.tensors().values()) {
            assertEquals(0, t.begin() % StDtype.valueOf(t.dtype()).itemSize(), t.name());
        }
        assertEquals("U8", header.tensors().get("bytes").dtype());
        assertEquals("BOOL", header.tensors().get("flags").dtype());
        assertEquals("F16", header.tensors().get("h").dtype());
    }

    @Test
    void readsAHandBuiltReferenceFileIncludingBf16() throws Exception {
        // Header keys out of offset order, metadata first, BF16 last as the reference writer sorts by alignment.
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"idx\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[16,32]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"h\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[32,38]}}";
        byte[] data = concat(le(1f, -2f, 0.25f, 1e-3f), le(7L, -9L),
                le((short) 0x3F80, (short) 0xC020, (short) 0x3E20));
        Path file = dir.resolve("ref.safetensors");
        Files.write(file, referenceFile(json, data));

        SafeTensors.Contents c = SafeTensors.read(file, manager);

        assertEquals(List.of("idx", "w", "h"), List.copyOf(c.tensors().keySet()));
        assertEquals(Map.of("format", "pt"), c.metadata());
        assertArrayEquals(new float[] {1f, -2f, 0.25f, 1e-3f}, c.tensors().get("w").toFloatArray());
        assertEquals(new Shape(2, 2), c.tensors().get("w").getShape());
        assertArrayEquals(new long[] {7, -9}, c.tensors().get("idx").toLongArray());
        NDArray h = c.tensors().get("h");
        assertEquals(DataType.FLOAT32, h.getDataType(), "BF16 is decoded to F32 in Java");
        assertArrayEquals(new float[] {1f, -2.5f, 0.15625f}, h.toFloatArray());
    }

    @Test
    void readsOnlySelectedTensorsAndRefusesUnrepresentableDtypes() throws Exception {
        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"s\":{\"dtype\":\"I16\",\"shape\":[2],\"data_offsets\":[4,8]}}";
        Path file = dir.resolve("i16.safetensors");
        Files.write(file, referenceFile(json, le(3f, (short) 1, (short) 2)));

        assertEquals(Set.of("s", "a"), SafeTensors.readHeader(file).tensors().keySet());
        assertArrayEquals(new float[] {3f}, SafeTensors.read(file, manager, "a"::equals).tensors().get("a")
                .toFloatArray());
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(file, manager));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("I16"), e.getMessage());
    }

    static Stream<Arguments> malformed() {
        String okTensor = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        byte[] eight = new byte[8];
        StringBuilder deep = new StringBuilder();
        deep.append("[".repeat(100_000)).append("]".repeat(100_000));
        return Stream.of(
                Arguments.of("shorter than the length field", new byte[] {1, 2, 3}, "too short"),
                Arguments.of("length beyond the file", rawFile(1000, "{}".getBytes(StandardCharsets.UTF_8), eight),
                        "exceeds"),
                Arguments.of("huge length", rawFile(Long.MAX_VALUE, new byte[0], eight), "limit"),
                Arguments.of("negative length", rawFile(-8, new byte[0], eight), "limit"),
                Arguments.of("garbage JSON", referenceFile("{not json}", eight), "not valid JSON"),
                Arguments.of("binary garbage", rawFile(8, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, 3, 4, 5},
                        eight), "UTF-8"),
                Arguments.of("trailing comma", referenceFile("{" + okTensor + ",}", eight), "not valid JSON"),
                Arguments.of("duplicate key", referenceFile("{" + okTensor + "," + okTensor + "}", eight),
                        "duplicate key"),
                Arguments.of("deep nesting", referenceFile(deep.toString(), eight), "nesting"),
                Arguments.of("not an object", referenceFile("[1,2]", eight), "not a JSON object"),
                Arguments.of("bad dtype", referenceFile("{" + okTensor.replace("F32", "F33") + "}", eight),
                        "unknown dtype 'F33'"),
                Arguments.of("shape/size mismatch", referenceFile("{" + okTensor.replace("[2]", "[3]") + "}",
                        eight), "needs 12 bytes"),
                Arguments.of("negative dimension", referenceFile("{" + okTensor.replace("[2]", "[-2]") + "}",
                        eight), "non-negative"),
                Arguments.of("shape overflow", referenceFile("{\"a\":{\"dtype\":\"F32\",\"shape\":"
                        + "[4611686018427387904,4],\"data_offsets\":[0,8]}}", eight), "too large"),
                Arguments.of("offsets outside", referenceFile("{" + okTensor + "}", new byte[4]),
                        "outside the data section"),
                Arguments.of("end before begin", referenceFile("{" + okTensor.replace("[0,8]", "[8,0]") + "}",
                        eight), "end before"),
                Arguments.of("overlapping", referenceFile("{" + okTensor + ","
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]),
                        "overlap"),
                Arguments.of("gap", referenceFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", new byte[12]),
                        "belong to no tensor"),
                Arguments.of("trailing data", referenceFile("{" + okTensor + "}", new byte[12]), "trailing"),
                Arguments.of("missing field", referenceFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", eight),
                        "lacks \"data_offsets\""),
                Arguments.of("unknown field", referenceFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],"
                        + "\"data_offsets\":[0,8],\"extra\":1}}", eight), "unknown field"),
                Arguments.of("fractional offset", referenceFile("{" + okTensor.replace("[0,8]", "[0,8.0]") + "}",
                        eight), "not a non-negative 64-bit integer"),
                Arguments.of("non-string metadata", referenceFile("{\"__metadata__\":{\"epoch\":3}," + okTensor
                        + "}", eight), "not a string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedFilesAreCheckpointExceptionsNamingTheFile(String label, byte[] bytes, String problem)
            throws Exception {
        Path file = dir.resolve(label.replace(' ', '_').replace('/', '_') + ".safetensors");
        Files.write(file, bytes);
        for (Runnable r : List.<Runnable>of(() -> SafeTensors.read(file, manager),
                () -> SafeTensors.readMetadata(file))) {
            CheckpointException e = assertThrows(CheckpointException.class, r::run);
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains(problem), e.getMessage());
        }
        assertEquals(0, manager.getManagedArrays().size(), "nothing allocated for a bad file");
    }

    @Test
    void truncatedFileIsRejected() throws Exception {
        Path file = dir.resolve("t.safetensors");
        SafeTensors.write(file, Map.of("a", manager.ones(new Shape(10))), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(file, manager));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("truncated"),
                e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("nope.safetensors");
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(file, manager));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("does not exist"));
    }

    @Test
    void failedWriteLeavesTheOldFileAndNoTempFile() throws Exception {
        Path file = dir.resolve("w.safetensors");
        SafeTensors.write(file, Map.of("a", manager.ones(new Shape(3))), Map.of("v", "old"));
        byte[] old = Files.readAllBytes(file);

        // 1. The map fails while being iterated.
        Map<String, NDArray> failing = new AbstractMap<>() {
            @Override
            public Set<Entry<String, NDArray>> entrySet() {
                return new java.util.AbstractSet<>() {
                    @Override
                    public Iterator<Entry<String, NDArray>> iterator() {
                        Iterator<Entry<String, NDArray>> it = Map.of("a", manager.zeros(new Shape(3))).entrySet()
                                .iterator();
                        return new Iterator<>() {
                            int n;

                            @Override
                            public boolean hasNext() {
                                return true;
                            }

                            @Override
                            public Entry<String, NDArray> next() {
                                if (n++ == 1) {
                                    throw new IllegalStateException("iteration failed");
                                }
                                return it.next();
                            }
                        };
                    }

                    @Override
                    public int size() {
                        return 2;
                    }
                };
            }
        };
        assertThrows(IllegalStateException.class, () -> SafeTensors.write(file, failing, Map.of("v", "new")));
        assertArrayEquals(old, Files.readAllBytes(file));
        assertEquals(List.of(file), listDir());

        // 2. A tensor fails after the header and the first tensor's bytes were written to the temp file.
        NDArray good = manager.zeros(new Shape(1000));
        NDArray real = manager.zeros(new Shape(1000));
        NDArray broken = (NDArray) Proxy.newProxyInstance(NDArray.class.getClassLoader(),
                new Class<?>[] {NDArray.class}, (proxy, method, args) -> {
                    if (method.getName().equals("toByteBuffer")) {
                        throw new IllegalStateException("device lost");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        tensors.put("good", good);
        tensors.put("broken", broken);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SafeTensors.write(file, tensors, Map.of("v", "new")));
        assertEquals("device lost", e.getMessage());
        assertArrayEquals(old, Files.readAllBytes(file));
        assertEquals(List.of(file), listDir());
        assertEquals(Map.of("v", "old"), SafeTensors.readMetadata(file));
    }

    @Test
    void rejectsReservedNamesAndFormatsItCannotStore() {
        Path file = dir.resolve("x.safetensors");
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(file, Map.of("__metadata__", manager.ones(new Shape(1))), Map.of()));
        assertFalse(Files.exists(file));
    }

    @Test
    void copyWithMetadataKeepsTensorsAndReplacesMetadata() throws Exception {
        Path src = dir.resolve("src.safetensors");
        Path dst = dir.resolve("dst.safetensors");
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("b", manager.create(new float[] {1, 2, 3}));
        t.put("a", manager.create(new long[] {5, 6}));
        SafeTensors.write(src, t, Map.of("k", "v"));
        SafeTensors.copyWithMetadata(src, dst, Map.of("best_score", "0.5"));
        SafeTensors.Contents c = SafeTensors.read(dst, manager);
        assertEquals(Map.of("best_score", "0.5"), c.metadata());
        assertEquals(List.of("b", "a"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new float[] {1, 2, 3}, c.tensors().get("b").toFloatArray());
        assertArrayEquals(new long[] {5, 6}, c.tensors().get("a").toLongArray());
    }

    private List<Path> listDir() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().collect(Collectors.toList());
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }
}
