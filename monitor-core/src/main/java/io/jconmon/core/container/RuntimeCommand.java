package io.jconmon.core.container;

import io.jconmon.core.config.MonitorConfig;
import java.util.ArrayList;
import java.util.List;

/** The OCI runtime's command line, in conmon's exact order (conmon-interface.md §2.5). */
public final class RuntimeCommand {
    private RuntimeCommand() {}

    /**
     * @param consoleSocket the console socket path for {@code -t}, or null
     */
    public static List<String> of(MonitorConfig c, String consoleSocket) {
        List<String> argv = new ArrayList<>();
        argv.add(c.runtime().toString());
        if (c.exec()) {
            argv.addAll(c.runtimeArgs());
            argv.add("exec");
            argv.add("--pid-file");
            argv.add(c.containerPidFile().toString());
            argv.add("--process");
            argv.add(c.execProcessSpec().toString());
            argv.add("--detach");
        } else {
            if (c.systemdCgroup()) {
                argv.add("--systemd-cgroup");
            }
            argv.addAll(c.runtimeArgs());
            argv.add(c.restore() != null ? "restore" : "create");
            argv.add("--bundle");
            argv.add(c.bundle().toString());
            argv.add("--pid-file");
            argv.add(c.containerPidFile().toString());
            if (c.noPivot()) {
                argv.add("--no-pivot");
            }
            if (c.noNewKeyring()) {
                argv.add("--no-new-keyring");
            }
            if (c.restore() != null) {
                argv.add("--detach");
                argv.add("--image-path");
                argv.add(c.restore().toString());
                argv.add("--work-path");
                argv.add(c.bundle().toString());
            }
        }
        argv.addAll(c.runtimeOpts());
        if (consoleSocket != null) {
            argv.add("--console-socket");
            argv.add(consoleSocket);
        }
        argv.add(c.cid());
        return argv;
    }
}
