package org.pretrain4j.data.datasets;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.pretrain4j.api.DataException;

/**
 * Reads mmengine's annotation format as mmpretrain's {@code MultiLabelDataset} uses it:
 *
 * <pre>{@code
 * {"metainfo": {"classes": ["cat", "dog", "car"]},
 *  "data_list": [{"img_path": "a.png", "gt_label": [0, 2]}, {"img_path": "b.png", "gt_label": []}]}
 * }</pre>
 *
 * {@code metainfo} and its {@code classes} are optional (other metainfo keys are ignored); a {@code gt_label} may
 * also be a single number. Errors name the file and line.
 */
final class MultiLabelAnnotations {
    private static final String TYPE = "MultiLabelDataset";

    private MultiLabelAnnotations() {}

    /**
     * Lists the items of an annotation file.
     *
     * @param config the dataset config
     * @return the items, each with a label set
     * @throws DataException naming the file (and line) when it is missing or malformed
     */
    static CustomDataset.Items read(MultiLabelDatasetConfig config) {
        Path root = Path.of(config.dataRoot());
        Path file = root.resolve(config.annFile()).toAbsolutePath().normalize();
        Path folder = root.resolve(config.dataPrefix());
        if (!Files.isRegularFile(file)) {
            throw new DataException(TYPE + ": ann_file " + file + " does not exist");
        }
        Config json;
        try {
            json = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON)
                    .setAllowMissing(false));
        } catch (ConfigException e) {
            throw new DataException(TYPE + ": " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        ConfigObject top = json.root();
        ConfigValue list = top.get("data_list");
        if (list == null || list.valueType() != ConfigValueType.LIST) {
            throw error(top, file + ": expected a \"data_list\" array of {\"img_path\": ..., \"gt_label\": [...]}");
        }
        List<String> paths = new ArrayList<>();
        List<int[]> sets = new ArrayList<>();
        int maxLabel = -1;
        for (ConfigValue item : (ConfigList) list) {
            if (item.valueType() != ConfigValueType.OBJECT) {
                throw error(item, "expected an object {\"img_path\": ..., \"gt_label\": [...]} in data_list");
            }
            ConfigObject entry = (ConfigObject) item;
            ConfigValue path = entry.get("img_path");
            if (path == null || path.valueType() != ConfigValueType.STRING) {
                throw error(item, "expected a string \"img_path\"");
            }
            int[] classes = labels(entry.get("gt_label"), item);
            paths.add(folder.resolve((String) path.unwrapped()).toString());
            sets.add(classes);
            maxLabel = Math.max(maxLabel, classes.length == 0 ? -1 : classes[classes.length - 1]);
        }
        List<String> own = metaClasses(top);
        if (own == null) {
            // Without names the classes are numbered, as for CustomDataset's annotation files.
            own = IntStream.rangeClosed(0, maxLabel).mapToObj(Integer::toString).toList();
        }
        return new CustomDataset.Items(TYPE, paths, null, sets.toArray(int[][]::new), config.classes().resolve(own),
                file);
    }

    /** A {@code gt_label}: one class index or a list of them, as ascending distinct classes. */
    private static int[] labels(ConfigValue value, ConfigValue item) {
        List<ConfigValue> values = value == null ? null
                : value.valueType() == ConfigValueType.LIST ? (ConfigList) value
                : value.valueType() == ConfigValueType.NUMBER ? List.of(value) : null;
        if (values == null) {
            throw error(item, "expected \"gt_label\": a list of class indices such as [0, 3], or one index");
        }
        int[] classes = new int[values.size()];
        for (int i = 0; i < classes.length; i++) {
            ConfigValue v = values.get(i);
            Object n = v.unwrapped();
            if (!(n instanceof Integer || n instanceof Long) || ((Number) n).longValue() < 0
                    || ((Number) n).longValue() > Integer.MAX_VALUE) {
                throw error(v, "expected a non-negative integer class index in gt_label, got "
                        + v.render(com.typesafe.config.ConfigRenderOptions.concise()));
            }
            classes[i] = ((Number) n).intValue();
        }
        return IntStream.of(classes).sorted().distinct().toArray();
    }

    /** {@code metainfo.classes}, or null when the file names no classes. */
    private static List<String> metaClasses(ConfigObject top) {
        ConfigValue meta = top.get("metainfo");
        if (meta == null || meta.valueType() != ConfigValueType.OBJECT) {
            return null;
        }
        ConfigValue classes = ((ConfigObject) meta).get("classes");
        if (classes == null) {
            return null;
        }
        if (classes.valueType() != ConfigValueType.LIST) {
            throw error(classes, "expected metainfo.classes to be a list of class names");
        }
        List<String> names = new ArrayList<>();
        for (ConfigValue v : (ConfigList) classes) {
            if (v.valueType() != ConfigValueType.STRING) {
                throw error(v, "expected class names as strings in metainfo.classes");
            }
            names.add((String) v.unwrapped());
        }
        return names;
    }

    /** An error naming the file and line of a JSON value. */
    private static DataException error(ConfigValue at, String problem) {
        return new DataException(TYPE + ": " + at.origin().filename() + ":" + at.origin().lineNumber() + ": "
                + problem);
    }
}
