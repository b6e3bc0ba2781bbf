package org.pretrain4j.data.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Dataset;
import org.pretrain4j.api.data.Sample;

final class MultiLabelDatasetTest {
    @TempDir
    Path tmp;

    private static Dataset build(String hocon) {
        MultiLabelDatasetFactory f = new MultiLabelDatasetFactory();
        ConfigView view = ConfigView.parse(hocon);
        MultiLabelDatasetConfig config = f.parseConfig(view);
        view.checkNoUnknownKeys();
        return f.create(config, null);
    }

    @Test
    void readsTheCommittedFixture() {
        Dataset d = build("data_root = \"../data/multilabel-tiny\", data_prefix = images, ann_file = val.json");
        assertEquals(16, d.size());
        assertEquals(List.of("red", "green", "blue"), d.classes());
        Sample first = d.get(0);
        assertTrue(first.isMultiLabel());
        assertArrayEquals(new int[] {2}, first.labelSet());
        assertArrayEquals(new int[] {0, 1, 2}, d.get(1).labelSet());
        assertArrayEquals(new int[0], d.get(15).labelSet(), "an image of no class");
        assertTrue(Files.isRegularFile(Path.of(first.path())), first.path());
    }

    @Test
    void mmpretrainsTestFileLayoutWithNumberedClassesAndOverride() throws IOException {
        // As mmpretrain's tests/data/dataset/multi_label_ann.json: metainfo without classes, gt_label lists.
        Files.writeString(tmp.resolve("ann.json"), """
                {"metainfo": {"categories": [{"category_name": "first", "id": 0}]},
                 "data_list": [{"img_path": "a/1.JPG", "gt_label": [0]},
                               {"img_path": "b/2.jpeg", "gt_label": 1},
                               {"img_path": "b/subb/2.jpeg", "gt_label": [1, 0, 1]}]}
                """);
        Dataset d = build("data_root = \"" + tmp + "\", ann_file = ann.json");
        assertEquals(List.of("0", "1"), d.classes());
        assertArrayEquals(new int[] {1}, d.get(1).labelSet());
        assertArrayEquals(new int[] {0, 1}, d.get(2).labelSet());
        assertTrue(d.get(2).path().endsWith("b/subb/2.jpeg"), d.get(2).path());
        assertEquals(List.of("x", "y", "z"),
                build("data_root = \"" + tmp + "\", ann_file = ann.json, classes = [x, y, z]").classes());
    }

    @Test
    void malformedEntriesNameFileAndLine() throws IOException {
        List<String> bad = List.of(
                "{\"data_list\": [\n{\"img_path\": \"a.png\", \"gt_label\": [0]},\n{\"img_path\": \"b.png\", \"gt_label\": [1.5]}]}",
                "{\"data_list\": [\n{\"img_path\": \"a.png\", \"gt_label\": [0]},\n{\"img_path\": \"b.png\"}]}",
                "{\"data_list\": [\n{\"img_path\": \"a.png\", \"gt_label\": [0]},\n{\"gt_label\": [-1]}]}");
        for (String json : bad) {
            Files.writeString(tmp.resolve("bad.json"), json);
            DataException e = assertThrows(DataException.class,
                    () -> build("data_root = \"" + tmp + "\", ann_file = bad.json"));
            assertTrue(e.getMessage().contains("bad.json:3"), e.getMessage());
        }
        Files.writeString(tmp.resolve("nolist.json"), "{\"images\": []}");
        DataException list = assertThrows(DataException.class,
                () -> build("data_root = \"" + tmp + "\", ann_file = nolist.json"));
        assertTrue(list.getMessage().contains("data_list"), list.getMessage());
        Files.writeString(tmp.resolve("broken.json"), "{\"data_list\": [");
        DataException broken = assertThrows(DataException.class,
                () -> build("data_root = \"" + tmp + "\", ann_file = broken.json"));
        assertTrue(broken.getMessage().contains("broken.json"), broken.getMessage());
        Files.writeString(tmp.resolve("range.json"), "{\"metainfo\": {\"classes\": [\"a\"]}, "
                + "\"data_list\": [{\"img_path\": \"x.png\", \"gt_label\": [1]}]}");
        DataException range = assertThrows(DataException.class,
                () -> build("data_root = \"" + tmp + "\", ann_file = range.json"));
        assertTrue(range.getMessage().contains("label 1") && range.getMessage().contains("x.png"), range.getMessage());
        DataException missing = assertThrows(DataException.class,
                () -> build("data_root = \"" + tmp + "\", ann_file = none.json"));
        assertTrue(missing.getMessage().contains("none.json"), missing.getMessage());
        ConfigException noAnn = assertThrows(ConfigException.class, () -> build("data_root = x"));
        assertTrue(noAnn.getMessage().contains("ann_file"), noAnn.getMessage());
    }
}
