package org.pretrain4j.core.runner;

import java.util.List;
import java.util.Optional;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.data.Dataset;
import org.pretrain4j.api.data.Transform;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.core.build.ComponentBuilder;
import org.pretrain4j.core.data.DataLoader;

/** Builds a {@link DataLoader} from an mmpretrain {@code *_dataloader} section. */
final class DataLoaders {
    private DataLoaders() {}

    static DataLoader build(ConfigView section, ComponentBuilder builder, long seed, boolean training) {
        int batchSize = section.getInt("batch_size");
        if (batchSize <= 0) {
            throw section.error("batch_size", "expected a positive integer, got " + batchSize);
        }
        int numWorkers = section.checkRange("num_workers", section.getInt("num_workers", 2), 0, 64);
        // Accepted for config portability; worker threads here always persist for the run.
        section.getBoolean("persistent_workers", true);
        section.getBoolean("pin_memory", false);
        section.getOptionalView("collate_fn").ifPresent(c -> {
            c.getEnum("type", "default_collate", "default_collate", "pseudo_collate");
            c.checkNoUnknownKeys();
        });
        boolean shuffle = training;
        Optional<ConfigView> sampler = section.getOptionalView("sampler");
        if (sampler.isPresent()) {
            ConfigView s = sampler.get();
            s.getEnum("type", "DefaultSampler", "DefaultSampler");
            shuffle = s.getBoolean("shuffle", training);
            s.getInt("seed", 0);
            s.getBoolean("round_up", true);
            s.checkNoUnknownKeys();
        }
        boolean dropLast = section.getBoolean("drop_last", false);
        ConfigView datasetView = section.getView("dataset");
        List<Transform> pipeline = datasetView.getViewList("pipeline").stream()
                .map(v -> builder.build(Kind.TRANSFORM, v)).toList();
        Dataset dataset = builder.build(Kind.DATASET, datasetView);
        section.checkNoUnknownKeys();
        return new DataLoader(dataset, pipeline, batchSize, shuffle, dropLast, Math.max(1, numWorkers), seed);
    }
}
