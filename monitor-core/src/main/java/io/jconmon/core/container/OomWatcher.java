package io.jconmon.core.container;

import io.jconmon.core.Diagnostics;
import io.jconmon.core.loop.EventLoop;
import io.jconmon.core.sys.Epoll;
import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.NativeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Notices that the kernel's OOM killer hit the container and leaves the {@code oom} files engines
 * look for (conmon-interface.md §2.15): an empty {@code <persist-dir>/oom} (Podman's
 * {@code State.OOMKilled}) and {@code <bundle>/oom} (CRI-O). Both are written before the exit file.
 *
 * <p>cgroup v1: an eventfd registered through {@code cgroup.event_control} on the memory cgroup's
 * {@code memory.oom_control}. cgroup v2: the {@code oom_kill} counter of {@code memory.events},
 * compared at exit with its value when watching began.
 */
final class OomWatcher {
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    private final List<Path> oomFiles;
    private final Diagnostics diag;
    private Path memoryEventsV2;
    private long oomKillsAtStart;
    private int eventFd = -1;
    private int oomControlFd = -1;
    private Path eventControl;
    private boolean written;

    OomWatcher(Path persistDir, Path bundle, Diagnostics diag) {
        this.diag = diag;
        this.oomFiles = new ArrayList<>();
        if (persistDir != null) {
            oomFiles.add(persistDir.resolve("oom"));
        }
        if (bundle != null) {
            oomFiles.add(bundle.resolve("oom"));
        }
    }

    /** Starts watching the memory cgroup of {@code pid}. Failures only cost the OOM report: warned. */
    void watch(int pid, EventLoop loop) {
        if (oomFiles.isEmpty()) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"));
            if (Files.exists(CGROUP_ROOT.resolve("cgroup.controllers"))) {
                watchV2(lines);
            } else {
                watchV1(lines, loop);
            }
        } catch (IOException e) {
            diag.debug("no OOM monitoring for pid " + pid + ": " + e.getMessage());
        }
    }

    private void watchV2(List<String> lines) throws IOException {
        for (String line : lines) {
            if (line.startsWith("0::")) {
                memoryEventsV2 = CGROUP_ROOT.resolve(line.substring(3).replaceFirst("^/", "")).resolve("memory.events");
                oomKillsAtStart = oomKills(memoryEventsV2);
                return;
            }
        }
    }

    private void watchV1(List<String> lines, EventLoop loop) throws IOException {
        for (String line : lines) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && List.of(parts[1].split(",")).contains("memory")) {
                Path dir = CGROUP_ROOT.resolve("memory").resolve(parts[2].replaceFirst("^/", ""));
                eventControl = dir.resolve("cgroup.event_control");
                oomControlFd = LibC.open(dir.resolve("memory.oom_control").toString(), LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
                eventFd = LibC.eventfd(LibC.O_CLOEXEC | LibC.O_NONBLOCK);
                try {
                    Files.writeString(eventControl, eventFd + " " + oomControlFd);
                } catch (IOException e) {
                    diag.warn("Failed to write to cgroup.event_control: " + e.getMessage());
                    return;
                }
                loop.register(eventFd, Epoll.EPOLLIN, events -> onEvent());
                return;
            }
        }
    }

    private void onEvent() throws NativeException {
        byte[] counter = new byte[8];
        long n = LibC.read(eventFd, counter, 0, 8);
        if (n < 8) {
            return;
        }
        // The eventfd also fires when the cgroup goes away; that is not an OOM.
        if (!Files.exists(eventControl)) {
            return;
        }
        writeOomFiles();
    }

    /** At the container's exit, before the exit files (§2.8 step 1): the final cgroup v2 check. */
    void checkAtExit() {
        if (memoryEventsV2 != null) {
            try {
                if (oomKills(memoryEventsV2) > oomKillsAtStart) {
                    writeOomFiles();
                }
            } catch (IOException e) {
                diag.debug("cannot read " + memoryEventsV2 + ": " + e.getMessage());
            }
        }
    }

    private void writeOomFiles() {
        if (written) {
            return;
        }
        written = true;
        diag.info("OOM received");
        for (Path f : oomFiles) {
            try {
                Files.write(f, new byte[0]);
            } catch (IOException e) {
                diag.warn("Failed to write oom file " + f + ": " + e.getMessage());
            }
        }
    }

    private static long oomKills(Path memoryEvents) throws IOException {
        for (String line : Files.readAllLines(memoryEvents)) {
            if (line.startsWith("oom_kill ")) {
                return Long.parseLong(line.substring("oom_kill ".length()).trim());
            }
        }
        return 0;
    }

    void close() {
        LibC.closeQuietly(eventFd);
        LibC.closeQuietly(oomControlFd);
    }
}
