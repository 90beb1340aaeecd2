package io.jconmon.core.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** A host where only the listed paths are executable; other paths fail with the mapped (or ENOENT) text. */
record FakeEnvironment(String cwd, Set<String> executables, Map<String, String> errors) implements Environment {

    static FakeEnvironment standard() {
        return new FakeEnvironment("/work/dir", Set.of("/usr/bin/crun", "/usr/bin/runc", "/tmp"),
                Map.of("/etc/passwd", "Permission denied"));
    }

    FakeEnvironment withCwd(String newCwd) {
        return new FakeEnvironment(newCwd, executables, errors);
    }

    @Override
    public boolean isExecutable(Path path) {
        return executables.contains(path.toString());
    }

    @Override
    public String accessError(Path path) {
        return errors.getOrDefault(path.toString(), "No such file or directory");
    }
}
