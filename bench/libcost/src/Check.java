/** Shared by PicocliMain and HandParse: asserts the parse of the argv in run.sh (both parsers must agree). */
final class Check {
    static void expect(int apiVersion, String cid, String cuuid, String name, String runtime, String bundle,
                       String containerPidfile, String conmonPidfile, String exitDir, String persistDir,
                       String exitCommand, String logLevel, long logSizeMax, boolean fullAttach,
                       boolean systemdCgroup, boolean syslog, boolean terminal,
                       int logPaths, int runtimeArgs, int exitCommandArgs) {
        boolean ok = apiVersion == 1 && cid != null && cid.length() == 64 && cid.equals(cuuid)
                && "web".equals(name) && "/usr/bin/crun".equals(runtime) && bundle != null
                && containerPidfile != null && conmonPidfile != null && exitDir != null && persistDir != null
                && "/usr/bin/podman".equals(exitCommand) && "warning".equals(logLevel) && logSizeMax == 1048576
                && fullAttach && systemdCgroup && syslog && !terminal
                && logPaths == 1 && runtimeArgs == 3 && exitCommandArgs == 4;
        if (!ok) throw new IllegalStateException("unexpected parse result");
    }
}
