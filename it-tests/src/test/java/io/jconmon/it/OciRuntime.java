package io.jconmon.it;

import java.nio.file.Path;

/** The OCI runtimes every differential test runs under. */
enum OciRuntime {
    RUNC(Host.RUNC),
    CRUN(Host.CRUN);

    final Path path;

    OciRuntime(Path path) {
        this.path = path;
    }
}
