package io.jconmon.aottraining;

import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogDriverPlugin;
import io.jconmon.spi.LogRecord;
import io.jconmon.spi.WriteResult;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plugins.d driver that only exists so that train-aot.sh selects one: the host's plugin path
 * (its class loader, jar reading, ServiceLoader, the plugin thread) then lands in the AOT cache,
 * and a container that selects a real plugin starts faster (docs/PERFORMANCE.md).
 */
public final class TrainingPlugin implements LogDriverPlugin {
    @Override
    public Iterable<LogDriverFactory> driverFactories() {
        return List.of(new LogDriverFactory() {
            @Override
            public String name() {
                return "aot-training";
            }

            @Override
            public Set<String> optionNames() {
                return Set.of("path");
            }

            @Override
            public LogDriver open(ContainerInfo c, Map<String, String> o, DriverContext ctx) throws LogDriverException {
                final OutputStream out;
                try {
                    out = new FileOutputStream(o.get("path"));
                } catch (IOException e) {
                    throw new LogDriverException("aot-training cannot open " + o.get("path") + ": " + e.getMessage());
                }
                return new LogDriver() {
                    @Override
                    public WriteResult write(LogRecord r) {
                        try {
                            byte[] b = new byte[r.length()];
                            r.content().get(b);
                            out.write(b);
                            out.write('\n');
                            return WriteResult.ACCEPTED;
                        } catch (IOException e) {
                            return WriteResult.FAILED;
                        }
                    }

                    @Override
                    public void close() {
                        try {
                            out.close();
                        } catch (IOException e) {
                            // training only
                        }
                    }
                };
            }
        });
    }
}
