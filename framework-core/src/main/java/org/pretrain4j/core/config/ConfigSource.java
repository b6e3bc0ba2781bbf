package org.pretrain4j.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where one config file comes from: the file system, the classpath, or a string handed in by a Java caller. It knows
 * how to name itself in messages and how to resolve the targets of its own {@code include} statements, which is what
 * makes a base path relative to the including file as in mmengine's {@code _base_}.
 */
final class ConfigSource {
    /** The three places a config can come from. */
    enum Kind { FILE, RESOURCE, STRING }

    private final Kind kind;
    private final Path file;
    private final String resource;
    private final String name;
    private final String text;

    private ConfigSource(Kind kind, Path file, String resource, String name, String text) {
        this.kind = kind;
        this.file = file;
        this.resource = resource;
        this.name = name;
        this.text = text;
    }

    static ConfigSource file(Path file) {
        return new ConfigSource(Kind.FILE, requireNonNull(file, "file is null").normalize(), null, null, null);
    }

    static ConfigSource resource(String resource) {
        requireNonNull(resource, "resource is null");
        return new ConfigSource(Kind.RESOURCE, null, normalizeResource("", resource), null, null);
    }

    static ConfigSource string(String name, String text) {
        return new ConfigSource(Kind.STRING, null, null, requireNonNull(name, "name is null"),
                requireNonNull(text, "text is null"));
    }

    Kind kind() {
        return kind;
    }

    Path path() {
        return file;
    }

    String resourceName() {
        return resource;
    }

    String text() {
        return text;
    }

    /** How messages and {@link LoadedConfig#files()} name this source. */
    String display() {
        return switch (kind) {
            case FILE -> file.toString();
            case RESOURCE -> "classpath:" + resource;
            case STRING -> name;
        };
    }

    /** A key that is equal for the same file however it was reached, for cycle detection. */
    String identity() {
        return switch (kind) {
            case FILE -> "file:" + file.toAbsolutePath().normalize();
            case RESOURCE -> "classpath:" + resource;
            case STRING -> "string:" + name;
        };
    }

    /**
     * Resolves a plain {@code include "x"} target: against this file's directory, or its classpath directory for a
     * classpath config (where a leading slash means the classpath root), or the working directory for a string.
     */
    ConfigSource resolveRelative(String target) {
        return switch (kind) {
            case FILE -> file(file.resolveSibling(target));
            case RESOURCE -> new ConfigSource(Kind.RESOURCE, null, normalizeResource(parentOf(resource), target),
                    null, null);
            case STRING -> file(Path.of(target));
        };
    }

    /**
     * Resolves an {@code include file("x")} target. A relative one behaves like a plain include so that bases keep
     * working when a config tree moves; from a classpath config only absolute files make sense.
     *
     * @return the source, or null when a classpath config names a relative file
     */
    ConfigSource resolveFile(String target) {
        Path p = Path.of(target);
        if (p.isAbsolute()) {
            return file(p);
        }
        return kind == Kind.RESOURCE ? null : resolveRelative(target);
    }

    /** Resolves an {@code include classpath("x")} target: always from the classpath root. */
    static ConfigSource classpath(String target) {
        return new ConfigSource(Kind.RESOURCE, null, normalizeResource("", target), null, null);
    }

    private static String parentOf(String resource) {
        int slash = resource.lastIndexOf('/');
        return slash < 0 ? "" : resource.substring(0, slash);
    }

    /**
     * Joins and normalises a classpath name ({@code .} and {@code ..} segments), since class loaders do not. A
     * {@code ..} that climbs above the classpath root is kept as is so that the lookup fails with the name visible.
     */
    static String normalizeResource(String dir, String target) {
        String joined = target.startsWith("/") ? target.substring(1) : dir.isEmpty() ? target : dir + "/" + target;
        Deque<String> out = new ArrayDeque<>();
        for (String seg : joined.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..") && !out.isEmpty() && !out.peekLast().equals("..")) {
                out.removeLast();
            } else {
                out.addLast(seg);
            }
        }
        return String.join("/", out);
    }

    @Override
    public String toString() {
        return display();
    }
}
