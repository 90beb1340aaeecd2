package io.jconmon.tck;

import io.jconmon.spi.ContainerInfo;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a test says the monitor knows about its container: an id, a name, labels; no tag, no
 * bundle, not an exec session, no terminal.
 *
 * @param id the container id
 * @param name the container name
 * @param labels the log labels
 */
public record TestContainer(String id, Optional<String> name, Map<String, String> labels) implements ContainerInfo {

    /** A 64-hex-digit id, as Podman's. */
    public static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /** Labels are copied and keep their order. */
    public TestContainer {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** Container {@link #ID} named {@code web}, without labels. */
    public TestContainer() {
        this(ID, Optional.of("web"), Map.of());
    }

    /** Container {@link #ID} named {@code web}, with these labels. */
    public TestContainer(Map<String, String> labels) {
        this(ID, Optional.of("web"), labels);
    }

    /**
     * A container with a random 64-hex-digit id, for output that lands in a shared place (the
     * journal) and must be told apart from every other test's.
     */
    public static TestContainer unique() {
        byte[] id = new byte[32];
        ThreadLocalRandom.current().nextBytes(id);
        return new TestContainer(HexFormat.of().formatHex(id), Optional.of("conformance"), Map.of());
    }

    @Override
    public Optional<String> uuid() {
        return Optional.empty();
    }

    @Override
    public Optional<String> tag() {
        return Optional.empty();
    }

    @Override
    public Optional<Path> bundle() {
        return Optional.empty();
    }

    @Override
    public boolean isExec() {
        return false;
    }

    @Override
    public boolean isTerminal() {
        return false;
    }
}
