package io.jconmon.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

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
        return exec(command, timeoutSeconds, null);
    }

    /** {@link #exec(List, int)} with extra environment variables ({@code null}: none). */
    static Result exec(List<String> command, int timeoutSeconds, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("it-out", ".txt");
        Path err = Files.createTempFile("it-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (env != null) {
                pb.environment().putAll(env);
            }
            Process p = pb.start();
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

    /** Sends {@code signal} (a name such as TERM or KILL) to one process by pid. */
    static void kill(long pid, String signal) throws IOException, InterruptedException {
        run(List.of("kill", "-" + signal, Long.toString(pid)));
    }

    /** True if the process exists and is not a zombie. */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) S ..." - comm may contain spaces and parentheses: take the last ')'.
            String rest = stat.substring(stat.lastIndexOf(')') + 2);
            return rest.charAt(0) != 'Z' && rest.charAt(0) != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The parent pid of a live process, or -1. */
    static long ppid(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("PPid:")) {
                    return Long.parseLong(line.substring(5).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /** The open fd numbers of a live process, sorted (empty if it is gone). */
    static List<Integer> openFds(long pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return s.map(p -> Integer.parseInt(p.getFileName().toString())).sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The open fds of a live process as "N=target", with pipe/socket inode numbers dropped. */
    static List<String> fdTargets(long pid) {
        List<String> out = new ArrayList<>();
        for (int fd : openFds(pid)) {
            try {
                String t = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", Integer.toString(fd))).toString();
                out.add(fd + "=" + t.replaceAll(":\\[\\d+\\]$", ""));
            } catch (IOException e) {
                out.add(fd + "=?");
            }
        }
        return out;
    }

    /** A file's permission bits as an octal string such as "0640", or "absent". */
    static String mode(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            int bits = 0;
            for (PosixFilePermission p : perms) {
                bits |= 1 << (8 - p.ordinal());
            }
            return String.format("0%o (%s)", bits, PosixFilePermissions.toString(perms));
        } catch (IOException e) {
            return "absent";
        }
    }

    /** Polls {@code condition} every 20 ms until it holds or {@code millis} pass; returns its last value. */
    static boolean await(long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return condition.getAsBoolean();
            }
            Thread.sleep(20);
        }
    }

    /** Deletes a directory tree (best effort). */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort
        }
    }
}
