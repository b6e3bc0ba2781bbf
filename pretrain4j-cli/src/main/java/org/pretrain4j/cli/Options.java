package org.pretrain4j.cli;

import java.util.List;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.core.runner.FeatureExtractor;

/** Command-line values shared by the retrieval commands, converted with errors that name the option. */
final class Options {
    private Options() {}

    /** Checks {@code --dataset}. */
    static String split(String value) {
        if (!List.of("train", "val", "test").contains(value)) {
            throw new ConfigException("--dataset", "command line", "expected train, val or test, got '" + value + "'");
        }
        return value;
    }

    /** Parses {@code --stage}. */
    static FeatureExtractor.Stage stage(String value) {
        try {
            return FeatureExtractor.Stage.of(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--stage", "command line", e.getMessage());
        }
    }
}
