package io.jconmon.core.plugins;

import java.util.List;
import java.util.Map;

/**
 * One plugin folder after loading: the drivers it offers, or why it could not be loaded.
 *
 * @param folder the folder
 * @param drivers the selectable drivers by name (empty when loading failed); with a
 *     {@code plugin.properties}, only the names it lists
 * @param warnings what is wrong but does not stop the plugin (names provided but not listed, ...)
 * @param failure why the plugin could not be loaded, or null when it was
 * @param threads the plugin's threads, or null when loading failed before any plugin code ran
 */
public record LoadedPlugin(PluginFolder folder, Map<String, PluginDriverFactory> drivers, List<String> warnings,
                           String failure, PluginThreads threads) {

    static LoadedPlugin failed(PluginFolder folder, String failure, PluginThreads threads) {
        return new LoadedPlugin(folder, Map.of(), List.of(), failure, threads);
    }

    /** True when the plugin loaded. */
    public boolean ok() {
        return failure == null;
    }

    /** "plugin /path: cause", for reports. */
    public String failureReport() {
        return "plugin " + folder.dir() + " could not be loaded: " + failure;
    }
}
