package org.pretrain4j.core.runner;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;

/** The two JSON conversions checkpoints need, on Typesafe Config's JSON support. */
final class Json {
    private Json() {}

    static String stringList(List<String> values) {
        return ConfigValueFactory.fromIterable(values).render(com.typesafe.config.ConfigRenderOptions.concise());
    }

    static List<String> parseStringList(String json) {
        return ConfigFactory.parseString("v = " + json, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF))
                .getStringList("v");
    }
}
