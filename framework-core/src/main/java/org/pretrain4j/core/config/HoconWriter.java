package org.pretrain4j.core.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Writes a resolved config as compact, readable HOCON: keys sorted and unquoted where HOCON allows, lists of
 * scalars on one line ({@code topk = [1, 5]}), objects indented. Typesafe's own renderer quotes every key with an
 * underscore and puts each list element on its own line, which makes {@code print-config} hard to read.
 */
final class HoconWriter {
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern BARE_STRING = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final ConfigRenderOptions CONCISE = ConfigRenderOptions.concise();

    private HoconWriter() {}

    static String write(ConfigObject root) {
        StringBuilder sb = new StringBuilder();
        members(root, 0, sb);
        return sb.toString();
    }

    private static void members(ConfigObject object, int depth, StringBuilder sb) {
        for (String key : new TreeSet<>(object.keySet())) {
            sb.append("  ".repeat(depth)).append(key(key));
            ConfigValue v = object.get(key);
            if (v.valueType() == ConfigValueType.OBJECT) {
                sb.append(" {\n");
                members((ConfigObject) v, depth + 1, sb);
                sb.append("  ".repeat(depth)).append("}\n");
            } else {
                sb.append(" = ");
                value(v, depth, sb);
                sb.append('\n');
            }
        }
    }

    private static void value(ConfigValue v, int depth, StringBuilder sb) {
        switch (v.valueType()) {
            case OBJECT -> {
                sb.append("{\n");
                members((ConfigObject) v, depth + 1, sb);
                sb.append("  ".repeat(depth)).append('}');
            }
            case LIST -> list((ConfigList) v, depth, sb);
            case STRING -> {
                String s = (String) v.unwrapped();
                boolean keyword = s.equals("true") || s.equals("false") || s.equals("null");
                sb.append(BARE_STRING.matcher(s).matches() && !keyword ? s : v.render(CONCISE));
            }
            default -> sb.append(v.render(CONCISE));
        }
    }

    private static void list(ConfigList list, int depth, StringBuilder sb) {
        boolean flat = list.stream().noneMatch(e -> e.valueType() == ConfigValueType.OBJECT
                || e.valueType() == ConfigValueType.LIST && !((ConfigList) e).isEmpty());
        if (flat) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                sb.append(i == 0 ? "" : ", ");
                value(list.get(i), depth, sb);
            }
            sb.append(']');
            return;
        }
        sb.append("[\n");
        for (ConfigValue e : list) {
            sb.append("  ".repeat(depth + 1));
            value(e, depth + 1, sb);
            sb.append('\n');
        }
        sb.append("  ".repeat(depth)).append(']');
    }

    private static String key(String key) {
        return BARE_KEY.matcher(key).matches() ? key : com.typesafe.config.ConfigUtil.quoteString(key);
    }
}
