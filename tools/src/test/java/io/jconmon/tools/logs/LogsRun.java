package io.jconmon.tools.logs;

import io.jconmon.tools.ToolsMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One {@code jconmon logs ...} run in this JVM, through the real entry point: status, stdout, stderr. */
record LogsRun(int status, byte[] stdout, String stderr) {

    static LogsRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("logs"));
        all.addAll(List.of(args));
        int status = ToolsMain.run(all.toArray(String[]::new), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new LogsRun(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    List<String> lines() {
        return out().lines().toList();
    }
}
