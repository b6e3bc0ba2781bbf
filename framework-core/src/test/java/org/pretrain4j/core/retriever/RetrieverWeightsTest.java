package org.pretrain4j.core.retriever;

import org.pretrain4j.core.build.ComponentChain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.CheckpointException;
import org.pretrain4j.core.checkpoint.SafeTensors;
import org.pretrain4j.core.inspect.ModuleTree;

final class RetrieverWeightsTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Encoder: a "backbone" Linear 4 -> 3 and a "neck" Linear 3 -> 2; no head. */
    private ImageToImageRetriever retriever() {
        ImageToImageRetriever r = new ImageToImageRetriever(new ComponentChain(List.of(
                Linear.builder().setUnits(3).build(), Linear.builder().setUnits(2).build())), null,
                Similarity.COSINE, -1, new Prototype.Inline(Features.unlabelled(1, 2, new float[] {1, 0})));
        r.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
        return r;
    }

    private Map<String, NDArray> classifierTensors() {
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("backbone.weight", manager.arange(12f).reshape(3, 4));
        t.put("backbone.bias", manager.create(new float[] {1, 2, 3}));
        t.put("neck.weight", manager.arange(6f).reshape(2, 3).neg());
        t.put("neck.bias", manager.create(new float[] {7, 8}));
        t.put("head.fc.weight", manager.ones(new Shape(10, 2)));
        return t;
    }

    /** A classifier's backbone.* and neck.* land in image_encoder.0 and .1; its head has no place and is ignored. */
    @Test
    void classifierCheckpointLoadsIntoTheEncoder(@TempDir Path dir) {
        Path file = dir.resolve("cls.safetensors");
        Map<String, NDArray> t = classifierTensors();
        SafeTensors.write(file, t, Map.of());
        ImageToImageRetriever r = retriever();
        RetrieverWeights.load(file, r);
        Map<String, ai.djl.nn.Parameter> p = ModuleTree.torchParameters(r);
        assertArrayEquals(t.get("backbone.weight").toFloatArray(), p.get("image_encoder.0.weight").getArray()
                .toFloatArray());
        assertArrayEquals(t.get("neck.bias").toFloatArray(), p.get("image_encoder.1.bias").getArray().toFloatArray());
    }

    @Test
    void ownCheckpointsLoadStrictly(@TempDir Path dir) {
        Path file = dir.resolve("own.safetensors");
        Map<String, NDArray> t = new LinkedHashMap<>();
        ModuleTree.torchParameters(retriever()).forEach((k, p) -> t.put(k, p.getArray().add(1)));
        SafeTensors.write(file, t, Map.of());
        ImageToImageRetriever r = retriever();
        RetrieverWeights.load(file, r);
        assertArrayEquals(t.get("image_encoder.1.weight").toFloatArray(),
                ModuleTree.torchParameters(r).get("image_encoder.1.weight").getArray().toFloatArray());
    }

    @Test
    void aClassifierThatDoesNotFitLoadsNothing(@TempDir Path dir) {
        Map<String, NDArray> t = classifierTensors();
        t.remove("neck.bias");
        t.put("backbone.weight", manager.zeros(new Shape(3, 5)));
        Path file = dir.resolve("bad.safetensors");
        SafeTensors.write(file, t, Map.of());
        ImageToImageRetriever r = retriever();
        float[] before = ModuleTree.torchParameters(r).get("image_encoder.0.bias").getArray().toFloatArray();
        CheckpointException e = assertThrows(CheckpointException.class, () -> RetrieverWeights.load(file, r));
        assertTrue(e.getMessage().contains("image_encoder.1.bias") && e.getMessage().contains("backbone.=")
                && e.getMessage().contains("image_encoder.0.weight: checkpoint (3, 5)"), e.getMessage());
        assertArrayEquals(before, ModuleTree.torchParameters(r).get("image_encoder.0.bias").getArray().toFloatArray());
    }
}
