package io.jconmon.it;

import java.nio.file.Path;

/** The two container monitors compared: Debian's C conmon (the reference) and jconmon. */
enum Monitor {
    C_CONMON(Host.C_CONMON, "c"),
    JCONMON(Host.JCONMON, "j");

    final Path path;
    /** Short tag used in container ids, so a leftover container tells who made it. */
    final String tag;

    Monitor(Path path, String tag) {
        this.path = path;
        this.tag = tag;
    }
}
