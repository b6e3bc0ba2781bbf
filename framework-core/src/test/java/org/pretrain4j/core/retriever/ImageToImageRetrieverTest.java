package org.pretrain4j.core.retriever;

import org.pretrain4j.core.build.ComponentChain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.core.build.ComponentBuilder;
import org.pretrain4j.core.inspect.ModuleTree;
import org.pretrain4j.core.registry.ComponentRegistry;

final class ImageToImageRetrieverTest {
    private static final Shape IMAGES = new Shape(2, 1, 2, 2);

    private NDManager manager;
    private ParameterStore ps;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        ps = new ParameterStore(manager, false);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Images (N, 1, 2, 2) flattened, then a linear layer to 4-d vectors: children image_encoder.0 and .1. */
    private static ComponentChain encoder() {
        return new ComponentChain(List.of(Blocks.batchFlattenBlock(), Linear.builder().setUnits(4).build()));
    }

    private ImageToImageRetriever retriever(Prototype prototype, int topk) {
        ImageToImageRetriever r = new ImageToImageRetriever(encoder(), null, Similarity.COSINE, topk, prototype);
        r.initialize(manager, DataType.FLOAT32, IMAGES);
        return r;
    }

    private static Prototype.Inline inline(int n) {
        return new Prototype.Inline(GalleryTest.labelled(n, 4, 3, 2));
    }

    @Test
    void forwardIsTheEncoderAndKeysFollowMmpretrain() {
        ImageToImageRetriever r = retriever(inline(5), -1);
        NDList out = r.forward(ps, new NDList(manager.randomNormal(IMAGES)), false);
        assertArrayEquals(r.getOutputShapes(new Shape[] {IMAGES}), out.getShapes());
        assertEquals(new Shape(2, 4), out.singletonOrThrow().getShape());
        assertEquals(List.of("image_encoder.1.weight", "image_encoder.1.bias"),
                List.copyOf(ModuleTree.torchParameters(r).keySet()));
    }

    /** predict: the similarity to all 5 gallery items, and the 3 best rows in order of those scores. */
    @Test
    void predictGivesAllScoresAndTheTopkRows() {
        ImageToImageRetriever r = retriever(inline(5), 3);
        NDList out = r.predict(ps, new NDList(manager.randomNormal(IMAGES)));
        assertEquals(new Shape(2, 5), out.get(0).getShape());
        assertEquals(new Shape(2, 3), out.get(1).getShape());
        float[] scores = out.get(0).toFloatArray();
        long[] rows = out.get(1).toLongArray();
        for (int q = 0; q < 2; q++) {
            int row = q;
            long[] expected = IntStream.range(0, 5).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -scores[row * 5 + i])).limit(3)
                    .mapToLong(Integer::longValue).toArray();
            assertArrayEquals(expected, new long[] {rows[q * 3], rows[q * 3 + 1], rows[q * 3 + 2]});
        }
        assertEquals(new Shape(2, 5), retriever(inline(5), -1).predict(ps, new NDList(manager.randomNormal(IMAGES)))
                .get(1).getShape(), "topk = -1 returns every row");
    }

    /** A dataloader gallery is encoded once, again after a training forward pass, and again after a reset. */
    @Test
    void loaderGalleryIsCachedUntilTheWeightsMayChange() {
        int[] encodings = {0};
        ImageToImageRetriever r = retriever(new Prototype.Loader(ConfigView.parse("dataset {}")), -1);
        r.bindPrototypeEncoder(model -> {
            encodings[0]++;
            assertSame(r, model);
            return GalleryTest.labelled(3, 4, encodings[0], 2);
        });
        Gallery first = r.gallery();
        assertSame(first, r.gallery());
        r.forward(ps, new NDList(manager.randomNormal(IMAGES)), false);
        assertSame(first, r.gallery(), "inference does not change the weights");
        assertEquals(1, encodings[0]);
        r.forward(ps, new NDList(manager.randomNormal(IMAGES)), true);
        r.gallery();
        assertEquals(2, encodings[0]);
        r.resetPrototype();
        r.gallery();
        assertEquals(3, encodings[0]);
    }

    @Test
    void fileAndInlineGalleriesDoNotDependOnTheWeights(@TempDir Path dir) {
        Path file = dir.resolve("g.safetensors");
        GalleryTest.labelled(3, 4, 1, 2).write(file, java.util.Map.of());
        ImageToImageRetriever r = retriever(new Prototype.File(file), -1);
        Gallery g = r.gallery();
        assertEquals(3, g.size());
        r.forward(ps, new NDList(manager.randomNormal(IMAGES)), true);
        assertSame(g, r.gallery());
    }

    @Test
    void errorsSayWhatToDo() {
        ImageToImageRetriever r = retriever(new Prototype.Loader(ConfigView.parse("dataset {}")), -1);
        assertTrue(assertThrows(Pretrain4jException.class, r::gallery).getMessage().contains("bindPrototypeEncoder"));
        Pretrain4jException loss = assertThrows(Pretrain4jException.class, () -> r.loss(ps,
                new NDList(manager.randomNormal(IMAGES)), new NDList(manager.zeros(new Shape(2)))));
        assertTrue(loss.getMessage().contains("no head"), loss.getMessage());
        ImageToImageRetriever maps = new ImageToImageRetriever(new ComponentChain(List.of(Blocks.identityBlock())),
                null, Similarity.COSINE, -1, inline(2));
        maps.initialize(manager, DataType.FLOAT32, IMAGES);
        Pretrain4jException shape = assertThrows(Pretrain4jException.class,
                () -> maps.features(ps, manager.randomNormal(IMAGES)));
        assertTrue(shape.getMessage().contains("GlobalAveragePooling"), shape.getMessage());
        assertThrows(Pretrain4jException.class,
                () -> new ImageToImageRetriever(encoder(), null, Similarity.COSINE, -1, inline(2)).gallery());
    }

    private static ImageToImageRetrieverFactory.Spec parse(String hocon) {
        ImageToImageRetrieverFactory f = new ImageToImageRetrieverFactory();
        ConfigView view = ConfigView.parse(hocon);
        ImageToImageRetrieverFactory.Spec spec = f.parseConfig(view);
        view.markRead("type");
        view.checkNoUnknownKeys();
        return spec;
    }

    @Test
    void prototypeMayBeALoaderAFileOrVectors() {
        ImageToImageRetrieverFactory.Spec loader = parse("image_encoder = [{type = A}, {type = B}], "
                + "prototype { batch_size = 4, dataset { type = X } }");
        assertInstanceOf(Prototype.Loader.class, loader.prototype());
        assertEquals(2, loader.imageEncoder().size());
        assertTrue(loader.encoderIsList());
        assertEquals(Similarity.COSINE, loader.similarity());
        assertEquals(-1, loader.topk());
        ImageToImageRetrieverFactory.Spec file = parse("image_encoder {type = A}, prototype = \"g.safetensors\", "
                + "similarity_fn = dot_product, topk = 5");
        assertEquals(new Prototype.File(Path.of("g.safetensors")), file.prototype());
        assertEquals(Similarity.DOT, file.similarity());
        assertTrue(!file.encoderIsList());
        Features vectors = ((Prototype.Inline) parse("image_encoder {type = A}, prototype = [[1, 2], [3, 4.5]]")
                .prototype()).features();
        assertArrayEquals(new float[] {1, 2, 3, 4.5f}, vectors.values());
        assertEquals(2, vectors.dim());
    }

    @Test
    void badConfigsNameTheKey() {
        String enc = "image_encoder {type = A}, ";
        assertKeyError("prototype", enc);
        assertKeyError("prototype", enc + "prototype = [[1, 2], [3]]");
        assertKeyError("prototype", enc + "prototype = [[1, a]]");
        assertKeyError("prototype", enc + "prototype = []");
        assertKeyError("prototype", enc + "prototype { batch_size = 2 }");
        assertKeyError("prototype", enc + "prototype = 3");
        assertKeyError("topk", enc + "prototype = [[1]], topk = 0");
        assertKeyError("similarity_fn", enc + "prototype = [[1]], similarity_fn = cosine");
        assertKeyError("image_encoder", "image_encoder = [], prototype = [[1]]");
        assertKeyError("simlarity_fn", enc + "prototype = [[1]], simlarity_fn = dot_product");
    }

    private static void assertKeyError(String key, String hocon) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(hocon), hocon);
        assertTrue(e.getMessage().startsWith(key), e.getMessage());
    }

    /** Encoder entries may name any backbone or neck; unknown names list both kinds. */
    @Test
    void encoderEntriesAreBackbonesOrNecks() {
        ComponentBuilder builder = new ComponentBuilder(ComponentRegistry.ofClasspath());
        Block model = (Block) builder.build(org.pretrain4j.api.Kind.MODEL, ConfigView.parse(
                "type = ImageToImageRetriever, image_encoder = [{type = IdentityNeck}], prototype = [[1, 2]]"));
        assertEquals(List.of("image_encoder"), ModuleTree.childNames(model));
        assertEquals(List.of("0"), ModuleTree.childNames(((ImageToImageRetriever) model).imageEncoder()));
        ConfigException unknown = assertThrows(ConfigException.class, () -> builder.build(
                org.pretrain4j.api.Kind.MODEL, ConfigView.parse(
                        "type = ImageToImageRetriever, image_encoder = [{type = IdentityNek}], prototype = [[1]]")));
        assertTrue(unknown.getMessage().contains("unknown backbone or neck type 'IdentityNek'")
                && unknown.getMessage().contains("IdentityNeck"), unknown.getMessage());
    }
}
