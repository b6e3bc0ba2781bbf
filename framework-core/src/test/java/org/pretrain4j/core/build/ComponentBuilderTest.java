package org.pretrain4j.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.weights.Pretrained;

final class ComponentBuilderTest {
    private final ComponentBuilder builder = new ComponentBuilder(ComponentRegistry.ofClasspath());

    private static ConfigView neckAt(Path dir, String body) throws Exception {
        Path file = dir.resolve("model.conf");
        Files.writeString(file, "model {\n  neck {\n" + body + "\n  }\n}\n");
        return ConfigView.of(ConfigFactory.parseFile(file.toFile()).resolve().root(), "").getView("model")
                .getView("neck");
    }

    @Test
    void buildsByTypeInAnyCase() {
        Neck neck = builder.build(Kind.NECK, ConfigView.parse("type = identityNECK, scale = 2"));
        assertInstanceOf(Neck.class, neck);
    }

    @Test
    void unknownTypeNamesKindPathFileLineSuggestionAndKnownNames(@TempDir Path dir) throws Exception {
        ConfigView neck = neckAt(dir, "    type = IdentityNek");
        ConfigException e = assertThrows(ConfigException.class, () -> builder.build(Kind.NECK, neck));
        String m = e.getMessage();
        assertEquals("model.neck.type", e.path());
        assertTrue(e.origin().endsWith("model.conf:3"), e.origin());
        assertTrue(m.contains("unknown neck type 'IdentityNek'"), m);
        assertTrue(m.contains("Did you mean 'IdentityNeck'?"), m);
        assertTrue(m.contains("Known neck types: IdentityNeck"), m);
    }

    @Test
    void initCfgIsTakenOffEveryModelComponentAndRecordedForAfterInitialisation() {
        Neck neck = builder.build(Kind.NECK, ConfigView.parse("type = IdentityNeck, init_cfg = [{ type = Kaiming, "
                + "layer = Conv2d }, { type = Pretrained, checkpoint = \"w/r50.pth\", prefix = backbone }]"));

        assertEquals(1, builder.pretrainedInits().size());
        Pretrained.Pending p = builder.pretrainedInits().get(0);
        assertSame(neck, p.component());
        assertEquals("w/r50.pth", p.spec().checkpoint());
        assertEquals("backbone.", p.spec().prefix());
        assertTrue(p.spec().where().startsWith("init_cfg.1"), p.spec().where());
    }

    @Test
    void initCfgOnAComponentWithoutWeightsIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> builder.build(Kind.METRIC,
                ConfigView.parse("type = Accuracy, init_cfg { type = Pretrained, checkpoint = x }")));
        assertEquals("init_cfg", e.path());
        assertTrue(e.getMessage().contains("applies to model components"), e.getMessage());
    }

    @Test
    void missingTypeListsTheChoices() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> builder.build(Kind.NECK, ConfigView.parse("scale = 1")));
        assertTrue(e.getMessage().contains("missing required key 'type'"), e.getMessage());
        assertTrue(e.getMessage().contains("IdentityNeck"), e.getMessage());
    }

    @Test
    void unknownKeyIsRejectedWithTheKnownKeys(@TempDir Path dir) throws Exception {
        ConfigView neck = neckAt(dir, "    type = IdentityNeck\n    scael = 3");
        ConfigException e = assertThrows(ConfigException.class, () -> builder.build(Kind.NECK, neck));
        assertEquals("model.neck.scael", e.path());
        assertTrue(e.origin().endsWith("model.conf:4"), e.origin());
        assertTrue(e.getMessage().contains("Did you mean 'scale'?"), e.getMessage());
        assertTrue(e.getMessage().contains("Known keys: scale, type"), e.getMessage());
    }

    @Test
    void wrongValueTypeNamesPathFileLineExpectedAndGiven(@TempDir Path dir) throws Exception {
        ConfigView neck = neckAt(dir, "    type = IdentityNeck\n    scale = \"big\"");
        ConfigException e = assertThrows(ConfigException.class, () -> builder.build(Kind.NECK, neck));
        assertEquals("model.neck.scale (" + dir.resolve("model.conf") + ":4): expected an integer, got string \"big\"",
                e.getMessage());
    }

    @Test
    void nullMeansAbsent() {
        ConfigView parent = ConfigView.parse("neck = null");
        assertTrue(builder.buildOptional(Kind.NECK, parent, "neck").isEmpty());
    }
}
