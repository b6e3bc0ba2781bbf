package org.pretrain4j.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class ConfigViewTest {
    @Test
    void readsTypedValuesAndDefaults() {
        ConfigView v = ConfigView.parse("a = 3, b = 0.5, c = true, d = text, e = [1, 2], f = 4, g = \"7\"");
        assertEquals(3, v.getInt("a"));
        assertEquals(0.5, v.getDouble("b"));
        assertTrue(v.getBoolean("c", false));
        assertEquals("text", v.getString("d"));
        assertEquals(List.of(1, 2), v.getIntList("e", List.of()));
        assertEquals(List.of(4), v.getIntList("f", List.of()), "a scalar is a one-element list, as mmpretrain allows");
        assertEquals(7, v.getInt("g"), "numeric strings (from env substitution) are numbers");
        assertEquals(9, v.getInt("missing", 9));
        assertEquals(Set.of(), v.unreadKeys());
    }

    @Test
    void wrongTypesNameTheExpectationAndTheValue() {
        ConfigView v = ConfigView.parse("a = 2.5, b = 99999999999, c = [1, x], d = {}, e = yes");
        assertTrue(assertThrows(ConfigException.class, () -> v.getInt("a")).getMessage()
                .endsWith("expected an integer, got number 2.5"));
        assertTrue(assertThrows(ConfigException.class, () -> v.getInt("b")).getMessage()
                .contains("expected an integer in [-2147483648, 2147483647]"));
        assertTrue(assertThrows(ConfigException.class, () -> v.getIntList("c", List.of())).getMessage()
                .contains("got string \"x\""));
        assertTrue(assertThrows(ConfigException.class, () -> v.getString("d")).getMessage()
                .contains("expected a string, got object"));
        assertTrue(assertThrows(ConfigException.class, () -> v.getBoolean("e", false)).getMessage()
                .contains("expected a boolean"));
    }

    @Test
    void missingRequiredKeySaysWhatWasExpected() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigView.parse("x = 1").getInt("depth"));
        assertEquals("depth", e.path());
        assertTrue(e.getMessage().contains("missing required key 'depth' (expected an integer)"), e.getMessage());
    }

    @Test
    void nestedViewsCarryTheirPath() {
        ConfigView root = ConfigView.of(Map.of("model", Map.of("head", Map.of("topk", List.of(1, "x")))));
        ConfigView head = root.getView("model").getView("head");
        assertEquals("model.head", head.path());
        ConfigException e = assertThrows(ConfigException.class, () -> head.getIntList("topk", List.of()));
        assertEquals("model.head.topk", e.path());
    }

    @Test
    void listsOfListsOfObjectsKeepTheirPaths() {
        ConfigView v = ConfigView.parse("t = [[{ type = A }, { type = B }], [{ type = C }]], flat = [{ type = A }], "
                + "deep = [[1]]");
        List<List<ConfigView>> lists = v.getViewLists("t");
        assertEquals(2, lists.size());
        assertEquals("t.0.1", lists.get(0).get(1).path());
        assertEquals("C", lists.get(1).get(0).getString("type"));
        assertTrue(v.getViewLists("absent").isEmpty());
        assertEquals("flat.0", assertThrows(ConfigException.class, () -> v.getViewLists("flat")).path());
        assertEquals("deep.0.0", assertThrows(ConfigException.class, () -> v.getViewLists("deep")).path());
    }

    @Test
    void validationHelpersReportRanges() {
        ConfigView v = ConfigView.parse("depth = 19, p = 1.5, style = pytoch");
        assertEquals("depth: expected one of 18, 34, 50, got 19",
                assertThrows(ConfigException.class, () -> v.checkOneOf("depth", v.getInt("depth"), 18, 34, 50))
                        .getMessage().replaceAll(" \\(.*\\)", ""));
        assertTrue(assertThrows(ConfigException.class, () -> v.checkRange("p", v.getDouble("p"), 0, 1))
                .getMessage().contains("expected a number in [0, 1], got 1.5"));
        assertTrue(assertThrows(ConfigException.class, () -> v.getEnum("style", "pytorch", "pytorch", "caffe"))
                .getMessage().contains("Did you mean 'pytorch'?"));
    }

    @Test
    void unknownKeysAreRejectedWithTheKnownOnes() {
        ConfigView v = ConfigView.parse("depth = 18, dpeth = 3");
        v.getInt("depth");
        v.getInt("num_stages", 4);
        ConfigException e = assertThrows(ConfigException.class, v::checkNoUnknownKeys);
        assertTrue(e.getMessage().contains("unknown key 'dpeth'. Did you mean 'depth'? Known keys: depth, num_stages"),
                e.getMessage());
    }

    @Test
    void nullCountsAsAbsent() {
        ConfigView v = ConfigView.parse("neck = null");
        assertTrue(v.getOptionalView("neck").isEmpty());
        assertEquals(Set.of(), v.unreadKeys());
    }

    @Test
    void suggestionsPreferTheClosestNames() {
        assertEquals(List.of("ResNet_CIFAR"), Suggestions.nearest("resnet_cifa", List.of("ResNet_CIFAR", "ViT")));
        assertEquals("", Suggestions.didYouMean("zzzzzz", List.of("ResNet")));
    }
}
