import io.jconmon.core.plugins.nativeabi.NativeDriverLibrary;
import io.jconmon.core.stdio.ReusableRecord;
import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Write throughput through the C-driver bridge against the same driver logic in Java.
 *   java CDriverBench throughput OUT_DIR RECORD_BYTES SECONDS   prints records/s (wall, CPU) per variant
 *   java CDriverBench loadcost [warm]                           prints the first-load cost in ms
 *                                                               (warm: after the JDK classes a monitor has loaded)
 *   java CDriverBench sysload LIBRARY                           prints System.load's time in ms
 * Variants: c-example (example-file.so), java-example (JavaExampleFile), c-noop (test-info.so,
 * write returns OK at once), java-noop. Records are the host's own ReusableRecord over a 64 KiB
 * read buffer, flushed every 64 KiB of content as the monitor does after each read.
 */
public final class CDriverBench {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("loadcost")) {
            loadCost(args.length > 1 && args[1].equals("warm"));
            return;
        }
        if (args[0].equals("sysload")) { // the time System.load takes for one library
            long t0 = System.nanoTime();
            System.load(args[1]);
            System.out.printf("sysload %.3f%n", (System.nanoTime() - t0) / 1e6);
            return;
        }
        Path out = Path.of(args[1]);
        int recordBytes = Integer.parseInt(args[2]);
        double seconds = Double.parseDouble(args[3]);
        String[] variants = {"c-example", "java-example", "c-noop", "java-noop"};
        for (int round = 0; round < 5; round++) { // round 0 warms the JIT; rounds 1-4 are reported
            for (String v : variants) {
                Path file = out.resolve(v + ".log");
                Files.deleteIfExists(file);
                double[] rate = run(open(v, file), recordBytes, seconds);
                if (round > 0) {
                    System.out.printf("%s %d %.0f %.0f%n", v, recordBytes, rate[0], rate[1]);
                }
            }
        }
        // Same logic, same bytes: compare what the two example drivers wrote for a fixed input.
        for (String v : new String[] {"c-example", "java-example"}) {
            Path file = out.resolve(v + ".check");
            Files.deleteIfExists(file);
            LogDriver d = open(v, file);
            byte[] buf = new byte[65536];
            Arrays.fill(buf, (byte) 'x');
            ReusableRecord r = new ReusableRecord(buf);
            for (int i = 0; i < 1000; i++) {
                r.set(i % 2 == 0 ? LogStream.STDOUT : LogStream.STDERR, 1_700_000_000_000_000_000L + i, i % 3 == 0,
                        0, i * 37 % 20000);
                r.rewind();
                d.write(r);
            }
            d.close();
        }
        if (Arrays.equals(Files.readAllBytes(out.resolve("c-example.check")), Files.readAllBytes(out.resolve("java-example.check")))) {
            System.out.println("check: c-example and java-example wrote identical bytes");
        } else {
            System.out.println("check: OUTPUTS DIFFER");
            System.exit(1);
        }
    }

    static LogDriver open(String variant, Path file) throws Exception {
        return switch (variant) {
            case "c-example" -> factory(System.getProperty("jconmon.exampleDrivers") + "/example-file.so")
                    .open(CONTAINER, Map.of("path", file.toString()), CONTEXT);
            case "c-noop" -> factory(System.getProperty("jconmon.testDrivers") + "/test-info.so")
                    .open(CONTAINER, Map.of(), CONTEXT);
            case "java-example" -> new JavaExampleFile(file);
            case "java-noop" -> new LogDriver() {
                @Override
                public WriteResult write(LogRecord record) {
                    return WriteResult.ACCEPTED;
                }

                @Override
                public void close() {}
            };
            default -> throw new IllegalArgumentException(variant);
        };
    }

    static LogDriverFactory factory(String so) throws Exception {
        return NativeDriverLibrary.load(Path.of(so)).driverFactories().iterator().next();
    }

    /**
     * Writes records of recordBytes for about `seconds`; returns records per second of wall time and
     * per second of this thread's CPU time (user + system: the write(2)s count), which a busy
     * shared machine disturbs less.
     */
    static double[] run(LogDriver driver, int recordBytes, double seconds) {
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        byte[] buffer = new byte[65536];
        Arrays.fill(buffer, (byte) 'y');
        ReusableRecord record = new ReusableRecord(buffer);
        int perRead = Math.max(1, 65536 / recordBytes);
        long records = 0;
        long cpuStart = cpu.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long now;
        do {
            for (int i = 0; i < perRead; i++) {
                int at = i * recordBytes % (65536 - recordBytes + 1);
                record.set(LogStream.STDOUT, start, false, at, at + recordBytes);
                record.rewind();
                if (driver.write(record) != WriteResult.ACCEPTED) {
                    throw new IllegalStateException("write failed");
                }
            }
            driver.flush();
            records += perRead;
            now = System.nanoTime();
        } while (now < deadline);
        driver.close();
        long cpuNanos = cpu.getCurrentThreadCpuTime() - cpuStart;
        return new double[] {records / ((now - start) / 1e9), records / (cpuNanos / 1e9)};
    }

    /** What a container that selects a C driver pays once: bridge, dlopen, entry, open. */
    static void loadCost(boolean asInTheMonitor) throws Exception {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "cdriver-bench-" + ProcessHandle.current().pid() + ".log");
        if (asInTheMonitor) {
            // What a monitor has done before it opens its drivers: loaded its JNI library, used
            // java.nio.file, opened a file. Without this the figure also counts those JDK classes.
            System.load(System.getProperty("jconmon.nativeLibrary"));
            Files.isRegularFile(file.toAbsolutePath().normalize());
            Files.deleteIfExists(file);
            new java.util.LinkedHashSet<>(java.util.List.of("a")).add("b");
        }
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        LogDriverFactory f = factory(System.getProperty("jconmon.exampleDrivers") + "/example-file.so");
        long t1 = System.nanoTime();
        LogDriver d = f.open(CONTAINER, Map.of("path", file.toString()), CONTEXT);
        long t2 = System.nanoTime();
        long c2 = cpu.getCurrentThreadCpuTime();
        d.close();
        long t3 = System.nanoTime();
        factory(System.getProperty("jconmon.exampleDrivers") + "/example-file.so").open(CONTAINER,
                Map.of("path", file.toString()), CONTEXT).close();
        long t4 = System.nanoTime();
        Files.delete(file);
        System.out.println("load " + (t1 - t0) / 1000 / 1e3 + " open " + (t2 - t1) / 1000 / 1e3
                + " again " + (t4 - t3) / 1000 / 1e3 + " load+open-cpu " + (c2 - c0) / 1000 / 1e3);
    }

    static final ContainerInfo CONTAINER = new ContainerInfo() {
        public String id() { return "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"; }
        public Optional<String> uuid() { return Optional.empty(); }
        public Optional<String> name() { return Optional.of("bench"); }
        public Optional<String> tag() { return Optional.empty(); }
        public Map<String, String> labels() { return Map.of(); }
        public Optional<Path> bundle() { return Optional.empty(); }
        public boolean isExec() { return false; }
        public boolean isTerminal() { return false; }
    };

    static final DriverContext CONTEXT = new DriverContext() {
        public System.Logger logger() { return System.getLogger("bench"); }
        public InstantSource clock() { return InstantSource.system(); }
        public void countDropped(LogStream stream, long records, long bytes) {}
    };
}
