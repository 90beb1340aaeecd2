package io.jconmon.driver.jsonfile;

import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogDriverFactory;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Opens {@code json-file} drivers: Docker's json-file log format and rotation, as Moby's
 * {@code daemon/logger/jsonfilelog} writes them, so Docker-format log readers (log shippers,
 * {@code docker logs}-style tools) read the files as they are (conmon-interface.md §7:
 * containers/podman#16317 asks for a json-file that really writes JSON).
 *
 * <p>Options: {@code path} (required; {@code -l json-file:PATH}), {@code max-size} (Docker units,
 * {@code 10m} = 10,000,000 bytes), {@code max-file} (files kept, the current one included; default
 * 1), {@code compress} (gzip the backups; needs max-file ≥ 2 and max-size), {@code labels} (keys of
 * {@code --log-label} labels to record in {@code attrs}) and {@code tag} (a Docker tag template,
 * recorded as {@code attrs.tag}). {@code env} is refused: conmon is not told the environment.
 */
public final class JsonFileDriverFactory implements LogDriverFactory {

    /** The driver's name, as in {@code -l json-file:PATH}. */
    public static final String NAME = "json-file";

    /** Called by the plugin and by tests. */
    public JsonFileDriverFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> optionNames() {
        return JsonFileOptions.NAMES;
    }

    @Override
    public LogDriver open(ContainerInfo container, Map<String, String> options, DriverContext context)
            throws LogDriverException {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(context, "context");
        return JsonFileDriver.open(JsonFileOptions.parse(options), container, context, JsonFileDriver.FILES);
    }
}
