package org.pretrain4j.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.data.Dataset;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;

/** How the loader collates targets: class indices for single-label samples, multi-hot rows once any is multi-label. */
final class DataLoaderTest {
    private static Dataset dataset(List<String> classes, Sample... samples) {
        return new Dataset() {
            @Override
            public int size() {
                return samples.length;
            }

            @Override
            public Sample get(int index) {
                return samples[index];
            }

            @Override
            public List<String> classes() {
                return classes;
            }

            @Override
            public String describe() {
                return "test data";
            }
        };
    }

    private static Image pixel(int value) {
        return new Image(1, 1, 1, new byte[] {(byte) value});
    }

    private static HostBatch firstBatch(Dataset data) {
        try (DataLoader loader = new DataLoader(data, List.of(), 8, false, false, 1, 0)) {
            return loader.epoch(0, 0).next();
        }
    }

    @Test
    void singleLabelBatchesKeepClassIndicesOnly() {
        HostBatch batch = firstBatch(dataset(List.of("a", "b"), new Sample(0, pixel(1), 1, null),
                new Sample(1, pixel(2), 0, null)));
        assertNull(batch.targets());
        assertEquals(-1, batch.targetClasses());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = new ClsDataPreprocessor(null, null, false, 2).targets(batch, m);
            assertEquals(DataType.INT64, t.getDataType());
            assertArrayEquals(new long[] {1, 0}, t.toLongArray());
        }
    }

    @Test
    void multiLabelSamplesGiveMultiHotRows() {
        HostBatch batch = firstBatch(dataset(List.of("a", "b", "c"),
                Sample.multiLabel(0, pixel(1), new int[] {0, 2}, null),
                Sample.multiLabel(1, pixel(2), new int[0], null),
                new Sample(2, pixel(3), 1, null)));
        assertArrayEquals(new int[] {-1, -1, 1}, batch.labels());
        assertEquals(3, batch.targetClasses());
        try (NDManager m = NDManager.newBaseManager()) {
            ClsDataPreprocessor pre = new ClsDataPreprocessor(null, null, false, 3);
            NDArray t = pre.targets(batch, m);
            assertEquals(new Shape(3, 3), t.getShape());
            assertArrayEquals(new float[] {1, 0, 1, 0, 0, 0, 0, 1, 0}, t.toFloatArray());
            // Batch augments get the dense rows unchanged.
            assertTrue(pre.oneHot(t) == t);
        }
    }

    @Test
    void classOutsideTheDatasetIsNamed() {
        DataException e = assertThrows(DataException.class, () -> firstBatch(dataset(List.of("a", "b"),
                Sample.multiLabel(0, pixel(1), new int[] {2}, "x.png"))));
        assertTrue(e.getMessage().contains("x.png") && e.getMessage().contains("class 2"), e.getMessage());
        DataException noNames = assertThrows(DataException.class, () -> firstBatch(dataset(List.of(),
                Sample.multiLabel(0, pixel(1), new int[] {0}, "x.png"))));
        assertTrue(noNames.getMessage().contains("classes"), noNames.getMessage());
    }

    @Test
    void sampleChecksItsLabelSet() {
        assertThrows(IllegalArgumentException.class, () -> new Sample(0, null, 3, null, new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Sample.multiLabel(0, null, new int[] {-1}, null));
        Sample s = Sample.multiLabel(4, null, new int[] {1}, "f.png");
        assertTrue(s.withImage(pixel(0)).isMultiLabel());
    }
}
