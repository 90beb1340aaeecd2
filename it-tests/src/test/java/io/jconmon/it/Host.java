package io.jconmon.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Where the things under test live on this host, and small process helpers. */
final class Host {
    /** The repository root (it-tests runs with its module directory as the working directory). */
    static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
    /** jconmon's launcher in the assembled image. */
    static final Path JCONMON = Path.of(System.getProperty("jconmon.image",
            REPO.resolve("dist/target/jconmon").toString())).resolve("bin/jconmon");
    /** Debian's C conmon: the reference implementation. */
    static final Path C_CONMON = Path.of("/usr/bin/conmon");
    static final Path RUNC = Path.of("/usr/bin/runc");
    static final Path CRUN = Path.of("/usr/bin/crun");

    private Host() {}

    /** Runs a command to completion and returns its stdout; fails on a non-zero exit. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Result r = exec(command, 60);
        if (r.status != 0) {
            throw new IOException(command + " exited " + r.status + ": " + r.stderr);
        }
        return r.stdout;
    }

    record Result(int status, String stdout, String stderr) {}

    /** Runs a command with a deadline; stdout and stderr are captured through temp files. */
    static Result exec(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("it-out", ".txt");
        Path err = Files.createTempFile("it-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Makes a busybox bundle running {@code args} (scripts/make-bundle.sh). */
    static Path bundle(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(REPO.resolve("scripts/make-bundle.sh").toString(), dir.toString(), "--"));
        cmd.addAll(List.of(args));
        run(cmd);
        return dir;
    }
}
