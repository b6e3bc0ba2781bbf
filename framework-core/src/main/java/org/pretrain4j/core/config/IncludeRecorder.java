package org.pretrain4j.core.config;

import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Typesafe includer that reads nothing. It records each {@code include} statement of the file being parsed and puts
 * a unique marker key in its place. The loader then loads the recorded targets itself, because Typesafe's own
 * includes merge the base into the file at the point of the statement (so position would matter), ignore missing
 * files, fetch URLs, and know nothing of {@code _delete_}. A marker found at the top level of the parsed file means the
 * include played {@code _base_}; a marker anywhere else (or overwritten) means it sat inside an object.
 */
final class IncludeRecorder
        implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL, ConfigIncluderClasspath {
    /** The marker keys start with this; nobody writes such a key by hand. */
    static final String MARKER_PREFIX = "__pretrain4j_include_";

    /** How the include named its target. */
    enum Form { HEURISTIC, FILE, CLASSPATH, URL }

    /** One include statement, in the order the parser met them. */
    record Include(Form form, String target, String marker) {}

    private final List<Include> includes = new ArrayList<>();

    List<Include> includes() {
        return includes;
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
        // Every form is handled here; falling back to Typesafe's includer would read files behind our back.
        return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        return record(Form.HEURISTIC, what);
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
        return record(Form.FILE, what.getPath());
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
        return record(Form.URL, what.toString());
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String what) {
        return record(Form.CLASSPATH, what);
    }

    private ConfigObject record(Form form, String target) {
        String marker = MARKER_PREFIX + includes.size() + "__";
        includes.add(new Include(form, target, marker));
        return ConfigValueFactory.fromMap(Map.of(marker, true), "include marker");
    }
}
