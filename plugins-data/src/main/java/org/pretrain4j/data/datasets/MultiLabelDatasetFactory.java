package org.pretrain4j.data.datasets;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.DatasetFactory;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Dataset;

/**
 * Factory of mmpretrain's {@code MultiLabelDataset}, registered as {@value #NAME}: images with class sets from an
 * mmengine-style JSON annotation file ({@link MultiLabelAnnotations}), held by a {@link CustomDataset}.
 */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(DatasetFactory.class)
public final class MultiLabelDatasetFactory implements DatasetFactory<MultiLabelDatasetConfig> {
    /** The type name configs use. */
    public static final String NAME = "MultiLabelDataset";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("ann_file", "string", "JSON annotation file under data_root: {\"metainfo\": {\"classes\": "
                    + "[...]}, \"data_list\": [{\"img_path\": \"a.png\", \"gt_label\": [0, 2]}, ...]}; metainfo is "
                    + "optional."),
            ParamDoc.optional("data_root", "string", "\"\"", "Root directory; data_prefix and ann_file are relative "
                    + "to it."),
            ParamDoc.optional("data_prefix", "string", "\"\"", "Image folder under data_root; img_path values are "
                    + "relative to it."),
            ClassNames.DOC);

    /** Creates the factory; it holds no state. */
    public MultiLabelDatasetFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Images with sets of class labels from an mmengine-style JSON annotation file.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        // A committed fixture; the conformance test runs in pretrain4j-cli/.
        return Example.of("data_root = \"../data/multilabel-tiny\", data_prefix = images, ann_file = val.json");
    }

    @Override
    public MultiLabelDatasetConfig parseConfig(ConfigView config) {
        String annFile = config.getString("ann_file");
        if (annFile.isBlank()) {
            throw config.error("ann_file", "expected the path of a JSON annotation file");
        }
        return new MultiLabelDatasetConfig(config.getString("data_root", ""), config.getString("data_prefix", ""),
                annFile, ClassNames.parse(config));
    }

    @Override
    public Dataset create(MultiLabelDatasetConfig config, BuildContext context) {
        return new CustomDataset(MultiLabelAnnotations.read(config));
    }
}
