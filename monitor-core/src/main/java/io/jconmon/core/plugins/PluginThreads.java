package io.jconmon.core.plugins;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The threads of one plugin. Loading the plugin and opening its drivers run on a short-lived
 * daemon thread of the plugin's own {@link ThreadGroup}, with the plugin's class loader as context
 * class loader and a time limit. Threads the plugin starts from there (and from any thread the host
 * creates in {@link #group()}) belong to the group, so the ones still alive can be counted and named
 * when the monitor exits.
 *
 * <p>What this bounds: a hung load or open (the monitor gives up after the limit and reports it);
 * any {@link Throwable} thrown while loading or opening (reported, never reaching the caller's
 * thread); the context class loader the plugin sees. What it does not bound: CPU, heap, native
 * memory, {@code System.exit}, virtual threads (they have no group), and threads the plugin starts
 * from a host thread outside its group (such as the event loop calling {@code write}).
 */
public final class PluginThreads {
    private static final Duration JOIN_LIMIT = Duration.ofSeconds(1);
    private final ThreadGroup group;
    private final ClassLoader contextLoader;

    /**
     * @param pluginName names the group, {@code plugin <name>}
     * @param contextLoader the context class loader of the plugin's calls
     */
    PluginThreads(String pluginName, ClassLoader contextLoader) {
        this.group = new ThreadGroup("plugin " + pluginName);
        this.contextLoader = contextLoader;
    }

    /** The plugin's thread group: a host thread that runs the plugin's code should be created in it. */
    public ThreadGroup group() {
        return group;
    }

    /** The context class loader the plugin's code runs with. */
    public ClassLoader contextLoader() {
        return contextLoader;
    }

    /**
     * Runs {@code task} on a new thread of the group and waits at most {@code limit}.
     *
     * @throws ExecutionException with whatever the task threw as its cause
     * @throws TimeoutException when the task did not finish in time (its thread is left running)
     */
    <T> T call(String what, Callable<T> task, Duration limit)
            throws ExecutionException, TimeoutException, InterruptedException {
        FutureTask<T> future = new FutureTask<>(task);
        Thread t = new Thread(group, future, group.getName() + ": " + what);
        t.setDaemon(true);
        t.setContextClassLoader(contextLoader);
        t.start();
        T result = future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        // The task is done; its thread ends right after. Wait for that, so it is never counted as
        // one of the plugin's live threads.
        t.join(JOIN_LIMIT);
        return result;
    }

    /** The names of the group's threads that are still alive. */
    public List<String> liveThreadNames() {
        Thread[] threads = new Thread[group.activeCount() + 8];
        int n = group.enumerate(threads, true);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(threads[i].getName());
        }
        return names;
    }
}
