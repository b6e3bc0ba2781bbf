package org.pretrain4j.cli;

import java.nio.file.Path;
import org.pretrain4j.core.config.LoadedConfig;

/** mmengine's work-dir rule: the command line, else the config's {@code work_dir}, else work_dirs/NAME. */
final class WorkDirs {
    private WorkDirs() {}

    static Path resolve(Path given, LoadedConfig loaded, Path config) {
        if (given != null) {
            return given;
        }
        if (loaded.config().hasPath("work_dir")) {
            return Path.of(loaded.config().getString("work_dir"));
        }
        String name = config.getFileName().toString().replaceFirst("\\.conf$", "");
        return Path.of("work_dirs", name);
    }
}
