package org.pretrain4j.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pretrain4j.api.CheckpointException;

/** The fixtures come from {@code tools/fixtures/pth_fixtures.py} (torch 1.13, numpy 1.24). */
final class WeightFileTest {
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

    private static Path fixture(String name) {
        return Path.of("src/test/resources/weights", name);
    }

    private Map<String, NDArray> readAll(Path file) {
        try (WeightFile w = WeightFile.open(file)) {
            return w.read(manager, k -> true);
        }
    }

    private String failure(Path file) {
        return assertThrows(CheckpointException.class, () -> {
            try (WeightFile w = WeightFile.open(file)) {
                w.read(manager, k -> true).values().forEach(NDArray::close);
            }
        }).getMessage();
    }

    private static void assertContains(String text, String... parts) {
        for (String p : parts) {
            assertTrue(text.contains(p), "expected '" + p + "' in: " + text);
        }
    }

    @Test
    void torchSaveStateDictMatchesWhatNumpySawForEveryDtypeAndLayout() {
        Map<String, NDArray> expected = readAll(fixture("expected.npz"));
        WeightFile w = WeightFile.open(fixture("plain.pth"));
        assertEquals(WeightFile.Format.TORCH, w.format());
        Map<String, WeightFile.Entry> entries = w.tensors();
        Map<String, NDArray> got;
        try (w) {
            got = w.read(manager, k -> true);
        }

        assertEquals(List.copyOf(expected.keySet()), List.copyOf(got.keySet()));
        assertEquals("BF16", entries.get("bf16").dtype());
        assertEquals("I8", entries.get("i8").dtype());
        assertEquals(new Shape(4, 3), entries.get("transposed").shape());
        assertEquals(new Shape(), entries.get("scalar").shape());
        assertEquals(new Shape(0, 4), entries.get("empty").shape());
        expected.forEach((k, want) -> {
            NDArray have = got.get(k);
            assertEquals(want.getShape(), have.getShape(), k);
            assertArrayEquals(want.toType(DataType.FLOAT64, false).toDoubleArray(),
                    have.toType(DataType.FLOAT64, false).toDoubleArray(), k);
        });
        assertEquals(DataType.FLOAT32, got.get("bf16").getDataType(), "BF16 arrives as F32");
        assertArrayEquals(new float[] {0, 4, 8, 1}, Arrays.copyOf(got.get("transposed").toType(
                DataType.FLOAT32, false).toFloatArray(), 4), "a transposed view is laid out row-major");
        assertArrayEquals(new float[] {1, 3, 5, 13, 15, 17}, got.get("stepped").toFloatArray(),
                "offset 1, strides (12, 2)");
    }

    @Test
    void parametersLoseTheDataParallelPrefix() {
        try (WeightFile w = WeightFile.open(fixture("parameters.pth"))) {
            assertEquals(List.of("0.weight", "0.bias"), List.copyOf(w.tensors().keySet()));
            assertContains(w.notes().toString(), "'module.'", "2 keys");
        }
    }

    @Test
    void anMmengineCheckpointYieldsItsStateDictAndSkipsTheRestWithoutBuildingIt() {
        try (WeightFile w = WeightFile.open(fixture("mmengine.pth"))) {
            assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                    "1.num_batches_tracked"), List.copyOf(w.tensors().keySet()));
            assertContains(w.notes().get(0), "'state_dict'", "meta", "message_hub", "optimizer");
            assertEquals(new Shape(2, 3, 1, 1), w.read(manager, k -> true).get("0.weight").getShape());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil_meta.pth", "evil_top.pth"})
    void aGlobalThatWouldRunCodeRefusesTheWholeFileWhereverItHides(String name) {
        String m = failure(fixture(name));
        assertContains(m, name, "data.pkl", "refuses global 'posix.system'", "at byte", "malicious");
    }

    @Test
    void aWholePickledModuleIsRefusedWithAHint() {
        assertContains(failure(fixture("module.pth")), "torch.nn.modules.linear.Linear", "model.state_dict()");
    }

    @Test
    void theLegacyFormatAndOtherFilesAreNamedAndRefused() throws IOException {
        assertContains(failure(fixture("legacy.pth")), "legacy torch.save format", "re-save");
        assertContains(failure(write("empty.pth", new byte[0])), "it is empty");
        assertContains(failure(write("raw.pkl", new byte[] {(byte) 0x80, 2, 'N', '.'})), "bare Python pickle");
        assertContains(failure(write("a.npy", new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0})),
                "single .npy");
        assertContains(failure(write("x.bin", "hello, world".getBytes(StandardCharsets.US_ASCII))),
                "not a weights file", "68 65 6c 6c", "Supported: safetensors");
        assertContains(failure(zip("other.zip", Map.of("readme.txt", new byte[] {1}))),
                "neither a torch.save file", "readme.txt");
        assertContains(failure(zip("jit.pt", Map.of("m/data.pkl", new byte[] {1}, "m/constants.pkl",
                new byte[] {1}, "m/code/m.py", new byte[] {1}, "n/data.pkl", new byte[] {1}))), "TorchScript");
        assertContains(failure(dir.resolve("absent.pth")), "does not exist");
    }

    @ParameterizedTest
    @ValueSource(strings = {"arrays.npz", "compressed.npz"})
    void npzArraysInEveryOrderAndByteOrderAgree(String name) {
        Map<String, NDArray> a = readAll(fixture(name));
        float[] grid = new float[12];
        for (int i = 0; i < 12; i++) {
            grid[i] = i;
        }
        assertArrayEquals(grid, a.get("c_order").toFloatArray());
        assertArrayEquals(grid, a.get("fortran").toFloatArray());
        assertEquals(new Shape(3, 4), a.get("fortran").getShape());
        assertArrayEquals(grid, a.get("big_endian").toType(DataType.FLOAT32, false).toFloatArray());
        assertArrayEquals(new long[] {1, -2, 3, -4}, a.get("ints").toLongArray());
        assertArrayEquals(new boolean[] {true, false}, a.get("flags").toBooleanArray());
    }

    /** Truncations and byte flips of real files fail only with a CheckpointException, or read fine. */
    @ParameterizedTest
    @ValueSource(strings = {"plain.pth", "mmengine.pth", "arrays.npz", "compressed.npz"})
    void damagedFilesFailCleanly(String name) throws IOException {
        byte[] good = Files.readAllBytes(fixture(name));
        Random random = new Random(7);
        for (int i = 0; i < 60; i++) {
            byte[] bad;
            if (i < 20) {
                bad = Arrays.copyOf(good, random.nextInt(good.length));
            } else {
                bad = good.clone();
                for (int flips = 0; flips < 1 + i % 3; flips++) {
                    bad[random.nextInt(bad.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            Path file = write("damaged_" + i + "_" + name, bad);
            try (WeightFile w = WeightFile.open(file)) {
                w.read(manager, k -> true).values().forEach(NDArray::close);
            } catch (CheckpointException expected) {
                assertTrue(expected.getMessage().contains(file.toString()), expected.getMessage());
            }
        }
    }

    // -------------------------------------------------------------------------------- hand-made torch.save zips

    @Test
    void aCraftedGlobalReduceIsRefusedBeforeAnythingIsCalled() throws IOException {
        Pickle p = new Pickle().proto().global("os", "system").str("touch /tmp/pwned").op(0x85).op('R').op('.');
        assertContains(failure(torchZip("evil.pth", p, Map.of())), "refuses global 'os.system'", "at byte 2");
        Pickle q = new Pickle().proto().global("builtins", "eval").str("1").op(0x85).op('R').op('.');
        assertContains(failure(torchZip("eval.pth", q, Map.of())), "refuses global 'builtins.eval'");
    }

    @Test
    void hugeDeclaredSizesAreRejectedBeforeAllocating() throws IOException {
        // A string claiming 2 GiB in a pickle of a few bytes.
        Pickle p = new Pickle().proto().op('X').int32(Integer.MAX_VALUE).op('.');
        assertContains(failure(torchZip("s.pth", p, Map.of())), "declared length of 2147483647", "bytes left");
        // A storage of 2^40 floats backed by 16 bytes.
        assertContains(failure(torchZip("n.pth", tensorPickle(1L << 40, new long[] {4}, new long[] {1}, 0),
                Map.of("0", new byte[16]))), "holds 16 bytes, but its tensor needs 4398046511104");
        // A view reaching past its storage.
        assertContains(failure(torchZip("v.pth", tensorPickle(4, new long[] {4}, new long[] {2}, 0),
                Map.of("0", new byte[16]))), "reaches past the end of its storage of 4 elements");
        // Sizes whose product overflows.
        assertContains(failure(torchZip("o.pth", tensorPickle(4, new long[] {1L << 40, 1L << 40},
                new long[] {0, 0}, 0), Map.of("0", new byte[16]))), "overflows");
        // A missing storage entry, and an npz header promising a terabyte.
        assertContains(failure(torchZip("m.pth", tensorPickle(4, new long[] {4}, new long[] {1}, 0), Map.of())),
                "has no entry");
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000,), }";
        byte[] npy = npy(header, new byte[8]);
        assertContains(failure(zip("big.npz", Map.of("w.npy", npy))), "needs 4000000000000 bytes", "holds 8");
    }

    @Test
    void malformedPicklesAreErrorsNotCrashes() throws IOException {
        List<Pickle> bad = List.of(
                new Pickle().proto(), // no STOP
                new Pickle().proto().op('.'), // empty stack
                new Pickle().proto().op(']').op('a').op('.'), // APPEND without a value
                new Pickle().proto().op('h').op(9).op('.'), // memo entry never stored
                new Pickle().proto().op(0x82).op(1).op('.'), // EXT1
                new Pickle().proto().op('}').op(']').op('N').op('s').op('.'), // list as a dict key
                new Pickle().proto().op('N').op('N').op('.'), // leftovers on the stack
                new Pickle().proto().op('N').op(')').op('R').op('.')); // calling None
        for (int i = 0; i < bad.size(); i++) {
            assertContains(failure(torchZip("bad" + i + ".pth", bad.get(i), Map.of())), "bad" + i + ".pth");
        }
    }

    @Test
    void safetensorsFilesReadThroughTheSameInterface() {
        Path file = dir.resolve("w.safetensors");
        SafeTensors.write(file, Map.of("a", manager.create(new float[] {1, 2})), Map.of("k", "v"));
        try (WeightFile w = WeightFile.open(file)) {
            assertEquals(WeightFile.Format.SAFETENSORS, w.format());
            assertEquals(Map.of("k", "v"), w.metadata());
            assertArrayEquals(new float[] {1, 2}, w.read(manager, k -> true).get("a").toFloatArray());
        }
    }

    // -------------------------------------------------------------------------------- helpers

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(entries).entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                entry.setCrc(crc.getValue());
                z.putNextEntry(entry);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return file;
    }

    private Path torchZip(String name, Pickle pickle, Map<String, byte[]> storages) throws IOException {
        Map<String, byte[]> entries = new java.util.HashMap<>();
        entries.put("archive/data.pkl", pickle.bytes());
        storages.forEach((k, v) -> entries.put("archive/data/" + k, v));
        return zip(name, entries);
    }

    /** {'w': _rebuild_tensor_v2(storage('0', FloatStorage, numel), offset, size, stride, False, OrderedDict())}. */
    private static Pickle tensorPickle(long numel, long[] size, long[] stride, long offset) {
        Pickle p = new Pickle().proto().op('}').str("w").global("torch._utils", "_rebuild_tensor_v2").op('(');
        p.op('(').str("storage").global("torch", "FloatStorage").str("0").str("cpu").int64(numel).op('t').op('Q');
        p.int64(offset).tuple(size).tuple(stride).op(0x89).global("collections", "OrderedDict").op(')').op('R');
        return p.op('t').op('R').op('s').op('.');
    }

    private static byte[] npy(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length).put(h).put(data);
        return b.array();
    }

    /** Writes pickle opcodes by hand, for inputs torch.save would never produce. */
    private static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle op(int code) {
            out.write(code);
            return this;
        }

        Pickle proto() {
            return op(0x80).op(2);
        }

        Pickle int32(int v) {
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
            return this;
        }

        /** LONG1 with 8 bytes: any long. */
        Pickle int64(long v) {
            op(0x8a).op(8);
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
            return this;
        }

        Pickle str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X').int32(b.length);
            out.writeBytes(b);
            return this;
        }

        Pickle global(String module, String name) {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Pickle tuple(long[] values) {
            op('(');
            for (long v : values) {
                int64(v);
            }
            return op('t');
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
