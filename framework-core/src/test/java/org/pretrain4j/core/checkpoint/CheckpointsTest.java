package org.pretrain4j.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.CheckpointException;
import org.pretrain4j.api.train.OptimParam;
import org.pretrain4j.api.train.Optimizer;
import org.pretrain4j.core.checkpoint.Checkpoints.LoadOptions;
import org.pretrain4j.core.checkpoint.Checkpoints.LoadReport;
import org.pretrain4j.core.inspect.ModuleTree;

final class CheckpointsTest {
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

    private NDArray forward(Block block, NDArray x) {
        return block.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
    }

    @Test
    void weightsRoundTripUnderTorchKeysIntoTheSameParameterArrays() {
        Block a = TinyNets.initRandom(TinyNets.classifier("conv1", 4, 3), manager, 1);
        Block b = TinyNets.initRandom(TinyNets.classifier("conv1", 4, 3), manager, 2);
        Path file = dir.resolve("epoch_1.safetensors");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("epoch", "1");
        meta.put("classes", "[\"a\",\"b\",\"c\"]");

        Checkpoints.saveWeights(file, a, meta);

        SafeTensors.Header header = SafeTensors.readHeader(file);
        assertEquals(List.of("backbone.conv1.weight", "backbone.conv1.bias", "backbone.bn1.weight",
                "backbone.bn1.bias", "backbone.bn1.running_mean", "backbone.bn1.running_var", "head.fc.weight",
                "head.fc.bias"), List.copyOf(header.tensors().keySet()));
        assertEquals(new Shape(4, 3, 3, 3), header.tensors().get("backbone.conv1.weight").shape());
        assertEquals("F32", header.tensors().get("head.fc.weight").dtype());
        assertEquals(Map.of("format", "pretrain4j", "epoch", "1", "classes", "[\"a\",\"b\",\"c\"]"),
                Checkpoints.readMetadata(file));

        Map<String, NDArray> before = new LinkedHashMap<>();
        Map<String, Boolean> grads = new LinkedHashMap<>();
        ModuleTree.torchParameters(b).forEach((k, p) -> {
            before.put(k, p.getArray());
            grads.put(k, p.getArray().hasGradient());
        });
        NDArray x = manager.randomNormal(TinyNets.INPUT);
        assertNotEquals(forward(a, x).toFloatArray()[0], forward(b, x).toFloatArray()[0]);

        LoadReport report = Checkpoints.loadWeights(file, b, LoadOptions.strict());

        assertTrue(report.isExact());
        assertEquals(8, report.loaded().size());
        Map<String, float[]> expected = TinyNets.values(a);
        TinyNets.values(b).forEach((k, v) -> assertArrayEquals(expected.get(k), v, k));
        ModuleTree.torchParameters(b).forEach((k, p) -> {
            assertSame(before.get(k), p.getArray(), "parameter identity kept: " + k);
            assertEquals(grads.get(k), p.getArray().hasGradient(), k);
        });
        assertArrayEquals(forward(a, x).toFloatArray(), forward(b, x).toFloatArray());
    }

    @Test
    void strictLoadOfAnotherArchitectureListsAllProblemsAndChangesNothing() {
        Block a = TinyNets.initRandom(TinyNets.classifier("conv1", 4, 3), manager, 1);
        Path file = dir.resolve("a.safetensors");
        Checkpoints.saveWeights(file, a, Map.of());
        Block other = TinyNets.initRandom(TinyNets.classifier("stem", 4, 5), manager, 2);
        Map<String, float[]> untouched = TinyNets.values(other);

        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoints.loadWeights(file, other, LoadOptions.strict()));

        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), m);
        assertTrue(m.contains("2 missing keys") && m.contains("backbone.stem.weight")
                && m.contains("backbone.stem.bias"), m);
        assertTrue(m.contains("2 unexpected keys") && m.contains("backbone.conv1.weight"), m);
        assertTrue(m.contains("2 shape-mismatched keys")
                && m.contains("head.fc.weight: checkpoint (3, 4) vs model (5, 4)"), m);
        TinyNets.values(other).forEach((k, v) -> assertArrayEquals(untouched.get(k), v, k));
    }

    @Test
    void nonStrictLoadLoadsWhatMatchesAndReports() {
        Block a = TinyNets.initRandom(TinyNets.classifier("conv1", 4, 3), manager, 1);
        Path file = dir.resolve("a.safetensors");
        Checkpoints.saveWeights(file, a, Map.of());
        Block other = TinyNets.initRandom(TinyNets.classifier("stem", 4, 5), manager, 2);
        Map<String, float[]> old = TinyNets.values(other);

        LoadReport r = Checkpoints.loadWeights(file, other, LoadOptions.nonStrict().withAllowShapeMismatch(true));

        assertEquals(List.of("backbone.bn1.weight", "backbone.bn1.bias", "backbone.bn1.running_mean",
                "backbone.bn1.running_var"), r.loaded());
        assertEquals(List.of("backbone.stem.weight", "backbone.stem.bias"), r.missing());
        assertEquals(List.of("backbone.conv1.weight", "backbone.conv1.bias"), r.unexpected());
        assertEquals(List.of("head.fc.weight: checkpoint (3, 4) vs model (5, 4)",
                "head.fc.bias: checkpoint (3) vs model (5)"), r.shapeMismatched());
        Map<String, float[]> src = TinyNets.values(a);
        Map<String, float[]> now = TinyNets.values(other);
        for (String k : now.keySet()) {
            assertArrayEquals(r.loaded().contains(k) ? src.get(k) : old.get(k), now.get(k), k);
        }
    }

    @Test
    void shapeMismatchesFailEvenWhenNotStrictUnlessAllowed() {
        Block a = TinyNets.initRandom(TinyNets.classifier("conv1", 4, 3), manager, 1);
        Path file = dir.resolve("a.safetensors");
        Checkpoints.saveWeights(file, a, Map.of());
        Block other = TinyNets.initRandom(TinyNets.classifier("conv1", 4, 5), manager, 2);
        Map<String, float[]> untouched = TinyNets.values(other);

        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoints.loadWeights(file, other, LoadOptions.nonStrict()));

        String m = e.getMessage();
        assertTrue(m.contains("2 shape-mismatched keys") && m.contains("allow_shape_mismatch"), m);
        assertFalse(m.contains("missing keys"), "non-strict loads do not fail on missing keys: " + m);
        TinyNets.values(other).forEach((k, v) -> assertArrayEquals(untouched.get(k), v, k));
    }

    @Test
    void theNearestEnclosingCheckpointAdapterReshapesBeforeAMismatchIsReported() {
        Block a = TinyNets.initRandom(TinyNets.classifier("conv1", 4, 3), manager, 1);
        Path file = dir.resolve("a.safetensors");
        Checkpoints.saveWeights(file, a, Map.of());
        List<String> asked = new java.util.ArrayList<>();
        // The head pads fc.weight's rows with zeros; it declines fc.bias, which stays a mismatch.
        TinyNets.Chain head = new PaddingChain(asked).add("fc", ai.djl.nn.core.Linear.builder().setUnits(5).build());
        Block b = TinyNets.initRandom(new TinyNets.Chain().add("backbone", TinyNets.backbone("conv1", 4))
                .add("head", head), manager, 2);

        LoadReport r = Checkpoints.loadWeights(file, b,
                LoadOptions.strict().withAllowShapeMismatch(true));

        assertEquals(List.of("fc.weight", "fc.bias"), asked, "names are relative to the adapting block");
        assertEquals(List.of("head.fc.weight: checkpoint (3, 4) -> model (5, 4)"), r.adapted());
        assertEquals(List.of("head.fc.bias: checkpoint (3) vs model (5)"), r.shapeMismatched());
        assertTrue(r.loaded().contains("head.fc.weight"));
        float[] w = TinyNets.values(b).get("head.fc.weight");
        float[] src = TinyNets.values(a).get("head.fc.weight");
        assertArrayEquals(src, java.util.Arrays.copyOf(w, 12));
        assertArrayEquals(new float[8], java.util.Arrays.copyOfRange(w, 12, 20));
    }

    /** A block that adapts a 2-d checkpoint tensor with fewer rows by appending zero rows. */
    private static final class PaddingChain extends TinyNets.Chain
            implements org.pretrain4j.api.model.CheckpointAdapter {
        private final List<String> asked;

        PaddingChain(List<String> asked) {
            this.asked = asked;
        }

        @Override
        public NDArray adaptCheckpointTensor(String name, NDArray loaded, Shape expected) {
            asked.add(name);
            if (loaded.getShape().dimension() != 2) {
                return null;
            }
            long missing = expected.get(0) - loaded.getShape().get(0);
            return loaded.concat(loaded.getManager().zeros(new Shape(missing, expected.get(1))), 0);
        }
    }

    @Test
    void prefixesMapABackboneIntoAClassifierAndBack() {
        Block a = TinyNets.initRandom(TinyNets.classifier("conv1", 4, 3), manager, 1);
        Path full = dir.resolve("full.safetensors");
        Checkpoints.saveWeights(full, a, Map.of());

        // A classifier checkpoint into a bare backbone: strip "backbone.", head keys are not considered.
        Block bare = TinyNets.initRandom(TinyNets.backbone("conv1", 4), manager, 2);
        LoadReport r1 = Checkpoints.loadWeights(full, bare, LoadOptions.strict().withStripPrefix("backbone."));
        assertTrue(r1.isExact(), r1.toString());
        Map<String, float[]> src = TinyNets.values(a);
        TinyNets.values(bare).forEach((k, v) -> assertArrayEquals(src.get("backbone." + k), v, k));

        // A backbone checkpoint into a classifier: add "backbone.", the head is missing.
        Path backboneFile = dir.resolve("backbone.safetensors");
        Checkpoints.saveWeights(backboneFile, bare, Map.of());
        Block c = TinyNets.initRandom(TinyNets.classifier("conv1", 4, 3), manager, 3);
        LoadReport r2 = Checkpoints.loadWeights(backboneFile, c, LoadOptions.nonStrict().withAddPrefix("backbone."));
        assertEquals(List.of("head.fc.weight", "head.fc.bias"), r2.missing());
        assertTrue(r2.unexpected().isEmpty() && r2.shapeMismatched().isEmpty());
        assertArrayEquals(src.get("backbone.conv1.weight"), TinyNets.values(c).get("backbone.conv1.weight"));
    }

    @Test
    void pythonStyleFileWithHalfPrecisionAndNumBatchesTrackedLoads() {
        Block a = TinyNets.initRandom(TinyNets.classifier("conv1", 4, 3), manager, 1);
        Map<String, NDArray> sd = new LinkedHashMap<>();
        ModuleTree.torchParameters(a).forEach((k, p) -> sd.put(k, p.getArray().toType(DataType.FLOAT16, false)));
        sd.put("backbone.bn1.num_batches_tracked", manager.create(17L));
        Path file = dir.resolve("torch.safetensors");
        SafeTensors.write(file, sd, Map.of("format", "pt"));
        Block b = TinyNets.initRandom(TinyNets.classifier("conv1", 4, 3), manager, 2);

        LoadReport r = Checkpoints.loadWeights(file, b, LoadOptions.strict());

        assertTrue(r.isExact());
        Map<String, float[]> src = TinyNets.values(a);
        TinyNets.values(b).forEach((k, v) -> {
            for (int i = 0; i < v.length; i++) {
                assertEquals(src.get(k)[i], v[i], 2e-3, k);
            }
        });
        ModuleTree.torchParameters(b).values()
                .forEach(p -> assertEquals(DataType.FLOAT32, p.getArray().getDataType()));
    }

    @Test
    void saveRefusesUninitialisedModelsAndReservedMetadata() {
        Path file = dir.resolve("x.safetensors");
        assertThrows(IllegalStateException.class,
                () -> Checkpoints.saveWeights(file, TinyNets.classifier("conv1", 2, 2), Map.of()));
        Block a = TinyNets.initRandom(TinyNets.classifier("conv1", 2, 2), manager, 1);
        assertThrows(IllegalArgumentException.class, () -> Checkpoints.saveWeights(file, a, Map.of("format", "x")));
        assertFalse(Files.exists(file));
    }

    @Test
    void resumeStateRoundTripsAndIsRecognised() {
        Path file = dir.resolve("epoch_2.resume.safetensors");
        Map<String, NDArray> state = new LinkedHashMap<>();
        state.put("head.fc.weight.momentum_buffer", manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2)));
        state.put("step", manager.create(5L));
        Map<String, String> strings = new LinkedHashMap<>();
        strings.put("epoch", "2");
        strings.put("iteration", "200");
        strings.put("rng", "0123456789abcdef");

        Checkpoints.saveResume(file, state, strings);
        Checkpoints.ResumeState r = Checkpoints.loadResume(file, manager);

        assertEquals(strings, r.state());
        assertEquals(List.copyOf(state.keySet()), List.copyOf(r.optimizerState().keySet()));
        assertArrayEquals(new float[] {1, 2, 3, 4}, r.optimizerState().get("head.fc.weight.momentum_buffer")
                .toFloatArray());

        Block a = TinyNets.initRandom(TinyNets.classifier("conv1", 2, 2), manager, 1);
        Path weights = dir.resolve("w.safetensors");
        Checkpoints.saveWeights(weights, a, Map.of());
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoints.loadResume(weights, manager));
        assertTrue(e.getMessage().contains(weights.toString()) && e.getMessage().contains("not a pretrain4j resume"),
                e.getMessage());
    }

    @Test
    void resumeLoadsWeightsAndOptimizerStateFromThePair() {
        Block a = TinyNets.initRandom(TinyNets.classifier("conv1", 2, 2), manager, 1);
        CheckpointStore store = new CheckpointStore(dir);
        Map<String, String> resumeMeta = new LinkedHashMap<>();
        resumeMeta.put("epoch", "3");
        resumeMeta.put("iteration", "300");
        resumeMeta.put("best", "0.875");
        Path weights = store.save("epoch_3", a, Map.of("m", manager.create(new float[] {9f})), Map.of(),
                resumeMeta);
        Block b = TinyNets.initRandom(TinyNets.classifier("conv1", 2, 2), manager, 2);
        RecordingOptimizer opt = new RecordingOptimizer();

        Checkpoints.Resumed r = Checkpoints.resume(weights, b, opt, manager);

        assertEquals(3, r.epoch());
        assertEquals(300, r.iteration());
        assertEquals(0.875, r.best());
        assertArrayEquals(new float[] {9f}, opt.loaded.get("m"));
        Map<String, float[]> src = TinyNets.values(a);
        TinyNets.values(b).forEach((k, v) -> assertArrayEquals(src.get(k), v, k));

        assertTrue(Files.exists(store.resumeFile("epoch_3")));
        Map<String, String> noBest = Map.of("epoch", "1", "iteration", "100");
        Path w1 = store.save("epoch_1", a, Map.of(), Map.of(), noBest);
        assertNull(Checkpoints.resume(w1, b, opt, manager).best());
    }

    @Test
    void resumeWithoutItsResumeFileNamesIt() throws Exception {
        Block a = TinyNets.initRandom(TinyNets.classifier("conv1", 2, 2), manager, 1);
        Path weights = dir.resolve("epoch_1.safetensors");
        Checkpoints.saveWeights(weights, a, Map.of());
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoints.resume(weights, a, new RecordingOptimizer(), manager));
        assertTrue(e.getMessage().contains("epoch_1.resume.safetensors"), e.getMessage());
    }

    /** Records the state it is given, as an optimizer that copies what it keeps. */
    private static final class RecordingOptimizer implements Optimizer {
        final Map<String, float[]> loaded = new LinkedHashMap<>();

        @Override
        public double baseLr() {
            return 0.1;
        }

        @Override
        public void step(List<OptimParam> params, double lr, NDManager scratch) {}

        @Override
        public Map<String, NDArray> state() {
            return Map.of();
        }

        @Override
        public void loadState(Map<String, NDArray> state, NDManager manager) {
            state.forEach((k, v) -> loaded.put(k, v.toFloatArray()));
        }
    }
}
