package io.jconmon.it;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jconmon.it.Diff.Facts;
import io.jconmon.it.PodmanHost.Job;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame.OutputType;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ResourceReaper;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * Podman's Docker-compatible API ({@code podman system service}) driven by Testcontainers, the way a
 * Java user tests their own containers on a Podman host: once with the C conmon and once with
 * jconmon as the service's {@code --conmon}. What Testcontainers reports (wait strategy, logs, exec,
 * stop) must be the same, and {@code /proc/<State.ConmonPid>} proves which monitor served the
 * container.
 *
 * <p>Testcontainers caches one Docker client per JVM, so both monitors' services listen, one after
 * the other, on the same socket (the runs are sequential: {@link Diff#check} with {@code alone}).
 * Testcontainers 2.0.5 takes {@code docker.host} only from the environment or
 * {@code ~/.testcontainers.properties} (a {@code DOCKER_HOST} system property reaches docker-java but
 * leaves {@code EnvironmentAndSystemPropertyClientProviderStrategy} not applicable), so the test
 * installs its own {@code TestcontainersConfiguration} through the instance holder Testcontainers
 * keeps for tests: the real environment plus {@code DOCKER_HOST=unix://<socket>}, and no user
 * properties (the real HOME is neither read nor written). Ryuk would need a registry image and
 * {@code ResourceReaper} reads {@code TESTCONTAINERS_RYUK_DISABLED} straight from
 * {@code System.getenv}, so the test installs the reaper that variable selects
 * ({@code JVMHookResourceReaper}) before first use. Both are restored/left harmless afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestcontainersOverPodmanApiTest {
    private static final OciRuntime CRUN = OciRuntime.CRUN;
    private static final Path USER_TC_PROPERTIES = Path.of(System.getProperty("user.home"), ".testcontainers.properties");

    private PodmanHost podman;
    private Path socket;
    private Object previousConfiguration;
    private boolean userPropertiesExisted;
    private final Diff diff = new Diff();

    @BeforeAll
    void setUp() throws Exception {
        podman = PodmanHost.create();
        socket = podman.dir.resolve("api.sock");
        userPropertiesExisted = Files.exists(USER_TC_PROPERTIES);
        previousConfiguration = configureTestcontainers("unix://" + socket);
        disableRyuk();
    }

    @AfterAll
    void tearDown() {
        try {
            configurationHolder().set(previousConfiguration);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // only matters to a later Testcontainers user in this JVM; there is none
        }
        if (podman != null) {
            podman.close();
        }
        assertFalse(!userPropertiesExisted && Files.exists(USER_TC_PROPERTIES),
                "Testcontainers wrote " + USER_TC_PROPERTIES);
    }

    @SuppressWarnings("unchecked")
    private static AtomicReference<Object> configurationHolder() throws ReflectiveOperationException {
        Method holder = TestcontainersConfiguration.class.getDeclaredMethod("getInstanceField");
        holder.setAccessible(true);
        return (AtomicReference<Object>) holder.invoke(null);
    }

    /**
     * Makes Testcontainers' configuration the real environment plus {@code DOCKER_HOST} (and the
     * Ryuk switch, for its own readers), without user or classpath properties; returns the previous one.
     */
    private static Object configureTestcontainers(String dockerHost) throws ReflectiveOperationException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DOCKER_HOST", dockerHost);
        env.put("TESTCONTAINERS_RYUK_DISABLED", "true");
        Constructor<TestcontainersConfiguration> ctor = TestcontainersConfiguration.class
                .getDeclaredConstructor(Properties.class, Properties.class, Map.class);
        ctor.setAccessible(true);
        return configurationHolder().getAndSet(ctor.newInstance(new Properties(), new Properties(), env));
    }

    /** Selects Testcontainers' JVM-hook reaper, as {@code TESTCONTAINERS_RYUK_DISABLED=true} would. */
    private static void disableRyuk() throws ReflectiveOperationException {
        Class<?> hook = Class.forName("org.testcontainers.utility.JVMHookResourceReaper");
        Constructor<?> ctor = hook.getDeclaredConstructor();
        ctor.setAccessible(true);
        Field instance = ResourceReaper.class.getDeclaredField("instance");
        instance.setAccessible(true);
        synchronized (ResourceReaper.class) {
            if (instance.get(null) == null) {
                instance.set(null, ctor.newInstance());
            }
        }
    }

    /**
     * Drops Testcontainers' Docker client (the JVM-wide {@code DockerClientFactory}): its pooled
     * connections lead to the previous service, and reusing one fails with "Broken pipe". The next
     * use makes a new factory, strategy and client for the new service on the same socket.
     */
    private static void forgetDockerClient() throws ReflectiveOperationException {
        Field instance = DockerClientFactory.class.getDeclaredField("instance");
        instance.setAccessible(true);
        Field client = DockerClientFactory.class.getDeclaredField("client");
        client.setAccessible(true);
        synchronized (DockerClientFactory.class) {
            Object old = instance.get(null);
            instance.set(null, null);
            if (old != null && client.get(old) instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // its service is gone
                }
            }
        }
    }

    /** Starts {@code podman --conmon <m> system service} on {@link #socket} and waits until it accepts. */
    private Job startService(Monitor m) throws IOException, InterruptedException, ReflectiveOperationException {
        forgetDockerClient();
        Files.deleteIfExists(socket);
        Job service = Job.start(podman.argv(m, List.of("system", "service", "--time=0", "unix://" + socket)),
                podman.env(CRUN), null, podman.dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!service.process.isAlive()) {
                throw new IOException("podman system service exited " + service.process.exitValue() + ": "
                        + Diff.show(service.stderrSoFar()));
            }
            if (Files.exists(socket)) {
                try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                    return service;
                } catch (IOException e) {
                    // not listening yet
                }
            }
            Thread.sleep(20);
        }
        stopService(service);
        throw new IOException("podman system service did not listen on " + socket + " within 30 s");
    }

    /**
     * Stops the service, then the exec-session monitors it left: through the API Podman starts them
     * with {@code --exit-delay 300} (its exit_command_delay), so they would outlive the test by five
     * minutes. Only processes whose command line names this test's private storage are killed.
     */
    private void stopService(Job service) throws IOException, InterruptedException {
        service.process.destroy(); // SIGTERM: the service shuts down
        try {
            service.await(30);
        } finally {
            Files.deleteIfExists(socket);
            killLeftovers();
        }
    }

    private void killLeftovers() throws IOException {
        String mark = podman.dir + "/";
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                long pid = Long.parseLong(p.getFileName().toString());
                String cmd;
                try {
                    cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    continue; // gone
                }
                if (pid != self && cmd.contains(mark)) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }

    // ---------------------------------------------------------------- GenericContainer lifecycle

    private void genericContainer(Monitor m, Facts f) throws Exception {
        Job service = startService(m);
        try {
            String id;
            try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(PodmanHost.IMAGE + ":latest"))
                    .withImagePullPolicy(image -> false)
                    .withNetworkMode("none")
                    .withCreateContainerCmdModifier(cmd -> cmd.withName("tc-" + m.tag))
                    .withCommand("sh", "-c", "echo ready; echo err >&2; sleep 30")
                    .waitingFor(Wait.forLogMessage(".*ready.*", 1).withStartupTimeout(Duration.ofSeconds(60)))) {
                c.start();
                id = c.getContainerId();
                f.see("started: isRunning", Boolean.toString(c.isRunning()));
                f.see("container name", podman.exec(m, "inspect", "--format", "{{.Name}}", id).stdout().strip());
                f.prove("monitor of container " + id + " (/proc/<State.ConmonPid>)", PodmanHost.whoIs(podman.conmonPid(m, CRUN, id)));
                f.see("getLogs(STDOUT)", c.getLogs(OutputType.STDOUT));
                f.see("getLogs(STDERR)", c.getLogs(OutputType.STDERR));
                f.see("getLogs(), lines sorted", sortedLines(c.getLogs()));
                ExecResult r = c.execInContainer("sh", "-c", "echo out; echo err2 >&2; exit 3");
                f.see("execInContainer", new Host.Result(r.getExitCode(), r.getStdout(), r.getStderr()));
                f.prove("monitor of the exec session (lingers for Podman's exit delay)", PodmanHost.execMonitorOf(id));
                c.stop();
                f.see("after stop: isRunning", Boolean.toString(c.isRunning()));
            }
            f.see("after stop: `podman container exists`", Integer.toString(podman.exec(m, "container", "exists", id).status()));
        } finally {
            stopService(service);
        }
    }

    private static String sortedLines(String s) {
        String[] lines = s.split("\n");
        Arrays.sort(lines);
        return String.join("\n", lines);
    }

    @ParameterizedTest
    @EnumSource(Monitor.class)
    void genericContainerLogsExecStop(Monitor m) {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("started: isRunning", "true");
        expected.put("container name", "tc-M");
        expected.put("getLogs(STDOUT)", "ready\n");
        expected.put("getLogs(STDERR)", "err\n");
        expected.put("getLogs(), lines sorted", "err\nready");
        expected.put("execInContainer: exit status", "3");
        expected.put("execInContainer: stdout", "out\n");
        expected.put("execInContainer: stderr", "err2\n");
        expected.put("after stop: isRunning", "false");
        expected.put("after stop: `podman container exists`", "1");
        // alone: C conmon's service first, then jconmon's, on the same socket (one Testcontainers client per JVM).
        diff.check("Testcontainers GenericContainer over Podman's API", this::genericContainer, m, expected, Map.of(), true);
    }
}
