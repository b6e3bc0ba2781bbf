package org.pretrain4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.config.LoadedConfig;
import picocli.CommandLine.Option;

/**
 * The {@code --data DATA_CONFIG} and {@code --data-set KEY=VALUE} options of the commands that read labelled images
 * through a model's config ({@code knn}, {@code extract}): a self-supervised config has no labelled dataloaders, so
 * its backbone is evaluated on another config's.
 */
final class LabelledData {
    @Option(names = "--data", paramLabel = "DATA_CONFIG", description = "A classification config (or dataset base) "
            + "whose dataloaders give the labelled images; default: CONFIG, which a self-supervised config cannot be "
            + "(e.g. configs/_base_/datasets/fashion_mnist_bs128.conf).")
    Path data;

    @Option(names = "--data-set", paramLabel = "KEY=VALUE", description = "Override a key of DATA_CONFIG, as --set "
            + "does for CONFIG (--data-set data_root=data/fashion-mnist-subset). Repeatable.")
    List<String> overrides = new ArrayList<>();

    /**
     * The {@code --data} config with its overrides, when given.
     *
     * @return the loaded config, or null without {@code --data}
     * @throws ConfigException when {@code --data-set} comes without {@code --data}
     */
    LoadedConfig loadIfGiven() {
        if (data == null && !overrides.isEmpty()) {
            throw new ConfigException("--data-set", "command line", "overrides keys of --data, which is not given; "
                    + "override CONFIG's keys with --set");
        }
        return data == null ? null : new ConfigLoader().load(data, overrides);
    }

    /**
     * The config whose dataloaders give the labelled images: {@code --data} when given, else the model's own.
     *
     * @param config the model config's file, named in errors
     * @param model the loaded model config
     * @return the config to read images from
     * @throws ConfigException when {@code --data-set} comes without {@code --data}, or neither the model's config nor
     *     {@code --data} has a labelled evaluation dataloader
     */
    LoadedConfig resolve(Path config, LoadedConfig model) {
        LoadedConfig given = loadIfGiven();
        if (given != null) {
            return given;
        }
        if (!model.config().hasPath("val_dataloader") && !model.config().hasPath("test_dataloader")) {
            throw new ConfigException("--data", "command line", config + " has no labelled val_dataloader or "
                    + "test_dataloader (a self-supervised config has none); give the labelled images with --data, a "
                    + "classification config or dataset base, e.g. configs/_base_/datasets/fashion_mnist_bs128.conf");
        }
        return model;
    }
}
