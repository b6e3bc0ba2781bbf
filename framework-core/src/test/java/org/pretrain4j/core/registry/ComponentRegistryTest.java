package org.pretrain4j.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.RegistryException;

final class ComponentRegistryTest {
    private final ComponentRegistry registry = ComponentRegistry.ofClasspath();

    @Test
    void findsNamesInAnyCaseAndKeepsTheOriginalSpelling() {
        for (String spelling : List.of("IdentityNeck", "identityneck", "IDENTITYNECK", "iDeNtItYnEcK")) {
            RegistryEntry e = registry.find(Kind.NECK, spelling).orElseThrow();
            assertEquals("IdentityNeck", e.typeName());
            assertEquals(FixtureNeck.IdentityFactory.class.getName(), e.className());
        }
    }

    @Test
    void bogusNamesAreNotFound() {
        assertTrue(registry.find(Kind.NECK, "NoSuchNeck").isEmpty());
        assertTrue(registry.find(Kind.BACKBONE, "IdentityNeck").isEmpty(), "kinds do not leak into each other");
    }

    @Test
    void modelKindIncludesTheBuiltInClassifier() {
        RegistryEntry e = registry.find(Kind.MODEL, "imageclassifier").orElseThrow();
        assertEquals("ImageClassifier", e.typeName());
        assertTrue(registry.entries(Kind.MODEL).contains(e));
    }

    @Test
    void sameNameFromTwoClassesFailsNamingBothClassesAndSources(@TempDir Path dir) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve("org.pretrain4j.api.NeckFactory"),
                FixtureNeck.DuplicateA.class.getName() + "\n" + FixtureNeck.DuplicateB.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            ComponentRegistry withDuplicates = registry.reload(loader);
            RegistryException e = assertThrows(RegistryException.class, () -> withDuplicates.find(Kind.NECK, "x"));
            String m = e.getMessage();
            assertTrue(m.contains(FixtureNeck.DuplicateA.class.getName()), m);
            assertTrue(m.contains(FixtureNeck.DuplicateB.class.getName()), m);
            assertTrue(m.contains("test-classes"), "names where each class came from: " + m);
            assertTrue(m.contains("'DupNeck'") && m.contains("'dupneck'"), m);
        }
    }

    @Test
    void providerThatCannotLoadIsAClearError(@TempDir Path dir) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve("org.pretrain4j.api.NeckFactory"), "com.example.MissingFactory\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> registry.reload(loader).entries(Kind.NECK));
            assertTrue(e.getMessage().contains("com.example.MissingFactory"), e.getMessage());
        }
    }
}
