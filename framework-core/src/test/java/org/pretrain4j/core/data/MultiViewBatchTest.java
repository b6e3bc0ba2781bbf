package org.pretrain4j.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.data.Dataset;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Mask;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;
import org.pretrain4j.api.model.SelfSupervisor;

/**
 * Multi-view samples and masks through the loader and SelfSupDataPreprocessor: each view is stacked over the batch
 * in its own array, masks into one (N, h, w) array, and every batch repeats exactly per seed and epoch whatever the
 * number of loader threads.
 */
final class MultiViewBatchTest {
    private static final int SIZE = 10;

    /** Sample i: a 2x2 BGR image whose pixels are i (blue), 100 + i (green) and 200 + i (red). */
    private static Dataset dataset() {
        return new Dataset() {
            @Override
            public int size() {
                return SIZE;
            }

            @Override
            public Sample get(int index) {
                byte[] p = new byte[12];
                for (int j = 0; j < 12; j += 3) {
                    p[j] = (byte) index;
                    p[j + 1] = (byte) (100 + index);
                    p[j + 2] = (byte) (200 + index);
                }
                return new Sample(index, new Image(2, 2, 3, p), index % 3, null);
            }

            @Override
            public List<String> classes() {
                return List.of("a", "b", "c");
            }

            @Override
            public String describe() {
                return "views";
            }
        };
    }

    /** Stands in for MultiView plus a mask generator: a random shift per extra view and a random 2x3 mask. */
    private static final Transform VIEWS_AND_MASK = (sample, random) -> {
        List<Image> views = new ArrayList<>();
        views.add(sample.image());
        for (int k = 0; k < 2; k++) {
            byte[] p = sample.image().pixels().clone();
            int shift = 1 + random.nextInt(5);
            for (int j = 0; j < p.length; j++) {
                p[j] = (byte) ((p[j] & 0xff) + shift);
            }
            views.add(new Image(2, 2, 3, p));
        }
        byte[] bits = new byte[6];
        for (int j = 0; j < 6; j++) {
            bits[j] = (byte) random.nextInt(2);
        }
        return sample.withViews(views).withMask(new Mask(2, 3, bits));
    };

    private static List<HostBatch> epoch(int workers, int epoch) {
        List<HostBatch> out = new ArrayList<>();
        try (DataLoader loader = new DataLoader(dataset(), List.of(VIEWS_AND_MASK), 4, true, false, workers, 7)) {
            Iterator<HostBatch> it = loader.epoch(epoch, 0);
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void viewsAndMasksStackPerViewAndRepeatPerSeed() {
        List<HostBatch> one = epoch(1, 0);
        List<HostBatch> two = epoch(2, 0);
        assertEquals(3, one.size());
        for (int b = 0; b < one.size(); b++) {
            HostBatch x = one.get(b);
            HostBatch y = two.get(b);
            assertEquals(3, x.viewCount());
            assertArrayEquals(x.indices(), y.indices());
            assertArrayEquals(x.pixels(), y.pixels());
            for (int k = 0; k < 2; k++) {
                assertArrayEquals(x.extraViews().get(k).pixels(), y.extraViews().get(k).pixels());
            }
            assertArrayEquals(x.masks().values(), y.masks().values());
        }
        HostBatch first = one.get(0);
        int n = first.n();
        for (int i = 0; i < n; i++) {
            int index = first.indices()[i];
            // NCHW: channel 0 (blue) of sample i holds its index in the first view.
            assertEquals(index, first.pixels()[i * 12] & 0xff);
            for (HostBatch.View v : first.extraViews()) {
                int shift = (v.pixels()[i * 12] & 0xff) - index;
                assertTrue(shift >= 1 && shift <= 5, "view of sample " + index + " shifted by " + shift);
                assertEquals(200 + index + shift, v.pixels()[i * 12 + 8] & 0xff, "red plane of sample " + index);
            }
        }
        assertEquals(2, first.masks().height());
        assertEquals(3, first.masks().width());
        assertEquals(n * 6, first.masks().values().length);
        HostBatch otherEpoch = epoch(1, 1).get(0);
        assertTrue(!java.util.Arrays.equals(first.extraViews().get(0).pixels(), otherEpoch.extraViews().get(0)
                .pixels()) || !java.util.Arrays.equals(first.indices(), otherEpoch.indices()), "epochs differ");
    }

    @Test
    void selfSupPreprocessorNormalisesEveryViewAndNamesTheMask() {
        HostBatch batch = epoch(1, 0).get(0);
        try (NDManager m = NDManager.newBaseManager()) {
            SelfSupDataPreprocessor pre = new SelfSupDataPreprocessor(new float[] {10, 20, 30}, new float[] {2, 4, 5},
                    true);
            NDList inputs = pre.inputs(batch, m);
            assertEquals(4, inputs.size());
            NDList views = SelfSupervisor.views(inputs);
            NDArray mask = SelfSupervisor.mask(inputs);
            assertEquals(3, views.size());
            assertSame(inputs.get(3), mask);
            assertEquals(new Shape(4, 2, 3), mask.getShape());
            assertEquals(DataType.FLOAT32, mask.getDataType());
            byte[] bits = batch.masks().values();
            float[] mv = mask.toFloatArray();
            for (int j = 0; j < bits.length; j++) {
                assertEquals(bits[j], mv[j]);
            }
            for (int k = 0; k < 3; k++) {
                byte[] raw = k == 0 ? batch.pixels() : batch.extraViews().get(k - 1).pixels();
                NDArray v = views.get(k);
                assertEquals(new Shape(4, 3, 2, 2), v.getShape());
                // to_rgb: output channel 0 is the input's channel 2 (red), normalised with the first mean and std.
                float red = raw[8] & 0xff;
                float blue = raw[0] & 0xff;
                assertEquals((red - 10) / 2, v.getFloat(0, 0, 0, 0), 1e-5);
                assertEquals((blue - 30) / 5, v.getFloat(0, 2, 0, 0), 1e-5);
            }
            assertNull(SelfSupervisor.mask(new NDList(views.get(0))));
        }
    }

    @Test
    void classifierInputsRejectSeveralViews() {
        HostBatch batch = epoch(1, 0).get(0);
        try (NDManager m = NDManager.newBaseManager()) {
            DataException e = assertThrows(DataException.class,
                    () -> new ClsDataPreprocessor(null, null, false, 3).inputs(batch, m));
            assertTrue(e.getMessage().contains("MultiView"), e.getMessage());
        }
    }

    @Test
    void samplesWithDifferentViewsOrMasksCannotShareABatch() {
        Transform unevenViews = (s, r) -> s.index() == 1 ? s.withViews(List.of(s.image(), s.image())) : s;
        Transform unevenMasks = (s, r) -> s.index() == 2 ? s.withMask(new Mask(1, 1, new byte[] {1})) : s;
        for (Transform t : List.of(unevenViews, unevenMasks)) {
            try (DataLoader loader = new DataLoader(dataset(), List.of(t), 4, false, false, 1, 0)) {
                DataException e = assertThrows(DataException.class, () -> loader.epoch(0, 0).next());
                assertTrue(e.getMessage().contains("same MultiView"), e.getMessage());
            }
        }
    }
}
