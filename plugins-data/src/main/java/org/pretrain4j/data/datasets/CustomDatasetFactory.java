package org.pretrain4j.data.datasets;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.DatasetFactory;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Dataset;

/** Factory of {@link CustomDataset}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(DatasetFactory.class)
public final class CustomDatasetFactory implements DatasetFactory<CustomDatasetConfig> {
    /** The type name configs use. */
    public static final String NAME = "CustomDataset";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("data_root", "string", "\"\"", "Root directory; data_prefix and ann_file are relative "
                    + "to it."),
            ParamDoc.optional("data_prefix", "string", "\"\"", "Image folder under data_root; annotation paths are "
                    + "relative to it."),
            ParamDoc.optional("ann_file", "string", "\"\"", "Annotation file of 'path label' lines (just 'path' when "
                    + "with_label = false), or 'path 0,3,7' lines for multi-label data (a sample with no class needs "
                    + "MultiLabelDataset). Empty: ImageFolder layout, sorted sub-folder names are the classes."),
            ParamDoc.optional("with_label", "boolean", "true", "Whether items carry class labels."),
            ParamDoc.optional("extensions", "list<string>", "[\".jpg\", \".jpeg\", \".png\", \".ppm\", \".bmp\", "
                    + "\".pgm\", \".tif\"]", "File suffixes listed from folders, matched case-insensitively."),
            ClassNames.DOC);

    /** Creates the factory; it holds no state. */
    public CustomDatasetFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Images from an ImageFolder layout or a 'path label' (or 'path 0,3,7') annotation file, decoded by "
                + "LoadImageFromFile.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        // A committed four-image fixture; the conformance test runs in pretrain4j-cli/.
        return Example.of("data_root = \"../data/image-folder-tiny\"");
    }

    @Override
    public CustomDatasetConfig parseConfig(ConfigView config) {
        List<String> extensions = config.getStringList("extensions", CustomDatasetConfig.DEFAULT_EXTENSIONS);
        if (extensions.isEmpty()) {
            throw config.error("extensions", "expected at least one file suffix");
        }
        return new CustomDatasetConfig(config.getString("data_root", ""), config.getString("data_prefix", ""),
                config.getString("ann_file", ""), config.getBoolean("with_label", true), extensions,
                ClassNames.parse(config));
    }

    @Override
    public Dataset create(CustomDatasetConfig config, BuildContext context) {
        return new CustomDataset(config);
    }
}
