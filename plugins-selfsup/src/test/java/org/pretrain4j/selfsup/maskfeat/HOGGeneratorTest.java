package org.pretrain4j.selfsup.maskfeat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;

final class HOGGeneratorTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static HOGGenerator generator(String hocon) {
        HOGGeneratorFactory factory = new HOGGeneratorFactory();
        return (HOGGenerator) factory.create(factory.parseConfig(ConfigView.parse(hocon)), null);
    }

    private NDArray run(HOGGenerator hog, NDArray images) {
        hog.initialize(manager, DataType.FLOAT32, images.getShape());
        NDArray out = hog.forward(new ParameterStore(manager, false), new NDList(images), false).singletonOrThrow();
        assertEquals(hog.getOutputShapes(new Shape[] {images.getShape()})[0], out.getShape());
        return out;
    }

    /**
     * tools/fixtures/hog.py: a 1 x 3 x 28 x 28 image of eighths, nbins 9, pool 1, gaussian_window 14, through the
     * same steps in torch (checked there against mmpretrain's HOGGenerator), 196 patches of 2 x 2 cells.
     */
    @Test
    void matchesTheTorchFixture() {
        Config fixture = ConfigFactory.parseURL(getClass().getResource("/hog_fixture.json"));
        HOGGenerator hog = generator("nbins = " + fixture.getInt("nbins") + ", pool = " + fixture.getInt("pool")
                + ", gaussian_window = " + fixture.getInt("gaussian_window"));
        List<Integer> eighths = fixture.getIntList("input_eighths");
        float[] pixels = new float[eighths.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = eighths.get(i) / 8f;
        }
        long[] shape = fixture.getLongList("input_shape").stream().mapToLong(Long::longValue).toArray();
        NDArray out = run(hog, manager.create(pixels, new Shape(shape)));
        assertEquals(new Shape(1, 196, 108), out.getShape());
        List<Double> expected = fixture.getDoubleList("output");
        float[] want = new float[expected.size()];
        for (int i = 0; i < want.length; i++) {
            want[i] = expected.get(i).floatValue();
        }
        assertArrayEquals(want, out.toFloatArray(), 2e-6f);
    }

    @Test
    void defaultsGive196PatchesOf108For224Pixels() {
        HOGGenerator hog = generator("");
        assertEquals(new HOGGeneratorConfig(9, 8, 16), hog.config());
        NDArray out = run(hog, manager.randomNormal(new Shape(1, 3, 224, 224)));
        assertEquals(new Shape(1, 196, 108), out.getShape());
        // every cell histogram is L2-normalised: 4 cells x 3 channels of unit norm per patch
        NDArray perPatch = out.square().sum(new int[] {2});
        assertArrayEquals(new float[196], perPatch.sub(12f).abs().gt(1e-3f).toType(DataType.FLOAT32, false)
                .toFloatArray(), 0f);
        assertTrue(hog.getParameters().isEmpty(), "a target generator has no parameters");
    }

    @Test
    void otherSizesRegroupAsMmpretrain() {
        // 112 x 224 without the window: 14 x 28 cells, 2 x 2 cells per patch, 7 x 14 patches
        NDArray out = run(generator("gaussian_window = 0"), manager.randomNormal(new Shape(2, 3, 112, 224)));
        assertEquals(new Shape(2, 98, 108), out.getShape());
        // 120 x 120 with pool 8: 15 x 15 cells, u = 15 / 14 = 1, so 15 x 15 patches of one cell
        assertEquals(new Shape(1, 225, 27), run(generator("gaussian_window = 0"),
                manager.randomNormal(new Shape(1, 3, 120, 120))).getShape());
        // 236 x 236: 29 x 29 cells (the last 4 pixels fill no cell), u = 2, the last row and column of cells dropped
        assertEquals(new Shape(1, 196, 108), run(generator("gaussian_window = 0"),
                manager.randomNormal(new Shape(1, 3, 236, 236))).getShape());
    }

    @Test
    void badInputsAndConfigsAreClearErrors() {
        HOGGenerator hog = generator("");
        Pretrain4jException gray = assertThrows(Pretrain4jException.class,
                () -> hog.getOutputShapes(new Shape[] {new Shape(1, 1, 224, 224)}));
        assertTrue(gray.getMessage().contains("(N, 3, H, W)"), gray.getMessage());
        Pretrain4jException small = assertThrows(Pretrain4jException.class,
                () -> hog.getOutputShapes(new Shape[] {new Shape(1, 3, 32, 32)}));
        assertTrue(small.getMessage().contains("112 pixels"), small.getMessage());
        Pretrain4jException window = assertThrows(Pretrain4jException.class,
                () -> hog.getOutputShapes(new Shape[] {new Shape(1, 3, 224, 112)}));
        assertTrue(window.getMessage().contains("gaussian_window"), window.getMessage());
        ConfigException bins = assertThrows(ConfigException.class,
                () -> new HOGGeneratorFactory().parseConfig(ConfigView.parse("g { nbins = 0 }").getView("g")));
        assertTrue(bins.getMessage().startsWith("g.nbins"), bins.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HOGGeneratorConfig(9, 0, 16));
    }

    @Test
    void gaussianKernelIsMmpretrains() {
        // get_gaussian_kernel(16, 8): centre pair at n = +-0.0625, corners at n = +-0.9375, sum 1
        float[] k = HOGGenerator.gaussianKernel(16, 8);
        double sum = 0;
        for (float v : k) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-6);
        double centre = Math.exp(-0.5 * 0.0625 * 0.0625);
        double corner = Math.exp(-0.5 * 0.9375 * 0.9375);
        assertEquals(corner * corner / (centre * centre), k[0] / k[7 * 16 + 7], 1e-6);
    }

    @Test
    void documentsExactlyTheKeysItReads() {
        HOGGeneratorFactory factory = new HOGGeneratorFactory();
        ConfigView view = ConfigView.parse(factory.example().config());
        factory.parseConfig(view);
        Set<String> documented = factory.parameters().stream().map(ParamDoc::name).collect(Collectors.toSet());
        assertEquals(documented, view.readKeys());
    }
}
