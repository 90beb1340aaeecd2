#!/usr/bin/env bash
# Assembles the jconmon install image:
#   <image>/bin/jconmon             the launcher Podman runs as conmon (native-abi)
#   <image>/libexec/jconmon-exec    the exec shim that starts the runtime and the exit command
#   <image>/runtime/                a jlinked Java 25 runtime (java.base only)
#   <image>/lib/jars/*.jar          plugin-api, monitor-core, built-in drivers
#   <image>/lib/jvm.args            the JVM's flags, read by the launcher
#   <image>/lib/jconmon.aot         the AOT cache, trained by running a fake container
#   <image>/lib/aot-training/       a plugins.d with one throw-away driver, selected by the training run
#   <image>/plugins.d/              the default plugin directory
#   <image>/lib/tools/*.jar         jconmon's commands for people (jconmon logs) and picocli; the
#                                   launcher adds them to lib/jars for those commands only
#   <image>/lib/libjconmon-driver-bridge.so  runs C (.so) log drivers; loaded only when one is used
#   <image>/plugins.d/example-file/example-file.so  the example C driver (docs/C-DRIVERS.md)
# Usage: build-image.sh IMAGE JARS_DIR NATIVE_BIN_DIR PLUGINS_D_DIR JCONMON_VERSION CONMON_VERSION [TOOLS_DIR [PLUGIN_JARS_DIR PLUGINS_SRC_DIR]]
#   <image>/plugins.d/<plugin>/     each plugin built in plugins/ (jar + plugin.properties)
set -euo pipefail
image=$1 jars=$2 native=$3 pluginsd=$4
here=$(cd "$(dirname "$0")" && pwd)
: "${JAVA_HOME:?JAVA_HOME must point at a JDK 25 (scripts/mvn.sh sets it)}"

mkdir -p "$image"/{bin,libexec,lib/jars,plugins.d}
printf 'JCONMON_VERSION=%s\nCONMON_VERSION=%s\n' "$5" "$6" > "$image/lib/versions"
install -m 0755 "$native/jconmon" "$image/bin/jconmon"
install -m 0755 "$native/jconmon-exec" "$image/libexec/jconmon-exec"
install -m 0755 "$native/libjconmon-native.so" "$image/lib/libjconmon-native.so"
rm -f "$image"/lib/jars/*.jar
cp "$jars"/*.jar "$image/lib/jars/"
cp -r "$pluginsd"/. "$image/plugins.d/"
rm -f "$image/plugins.d/pom.xml"; rm -rf "$image/plugins.d/target"
if [ -n "${7:-}" ]; then
  mkdir -p "$image/lib/tools"
  rm -f "$image"/lib/tools/*.jar
  cp "$7"/*.jar "$image/lib/tools/"
fi
install -m 0755 "$native/libjconmon-driver-bridge.so" "$image/lib/libjconmon-driver-bridge.so"
install -D -m 0755 "$native/drivers/example-file.so" "$image/plugins.d/example-file/example-file.so"
# Names its driver, so a container selecting another plugin's driver never loads this .so.
printf 'drivers=example-file\n' > "$image/plugins.d/example-file/plugin.properties"
# Plugins shipped with jconmon (syslog, fluentd, hello): one folder each, as a third party would
# install them. PLUGIN_JARS_DIR/<plugin>/ holds the jars; plugin.properties comes from the sources.
if [ -n "${8:-}" ] && [ -d "$8" ]; then
  for dir in "$8"/*/; do
    plugin=$(basename "$dir")
    rm -rf "${image:?}/plugins.d/$plugin"
    mkdir -p "$image/plugins.d/$plugin"
    cp "$dir"/*.jar "$image/plugins.d/$plugin/"
    if [ -f "${9:-}/$plugin/plugin.properties" ]; then
      cp "$9/$plugin/plugin.properties" "$image/plugins.d/$plugin/"
    fi
  done
fi

# The runtime: java.base is all the monitor uses (FFM is part of it). Rebuilt only when the JDK changes.
jdk_id=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version/{print $2}')
if [ ! -x "$image/runtime/bin/java" ] || [ "$(cat "$image/runtime/.jdk-id" 2>/dev/null)" != "$jdk_id" ]; then
  rm -rf "$image/runtime"
  "$JAVA_HOME/bin/jlink" --add-modules java.base --strip-debug --no-man-pages --no-header-files \
      --compress=zip-0 --output "$image/runtime"
  echo "$jdk_id" > "$image/runtime/.jdk-id"
fi

# A throw-away plugins.d driver for the AOT training run, so the plugin host's path is cached too
# (train-aot.sh selects it; it is never in the image's own plugins.d).
training=$image/lib/aot-training/plugins.d/aot-training
rm -rf "$image/lib/aot-training" && mkdir -p "$training" "$image/lib/aot-training/classes"
"$JAVA_HOME/bin/javac" --release 25 -d "$image/lib/aot-training/classes" -cp "$jars/jconmon-plugin-api.jar" \
    "$here/aot-training-plugin/io/jconmon/aottraining/TrainingPlugin.java"
mkdir -p "$image/lib/aot-training/classes/META-INF/services"
echo io.jconmon.aottraining.TrainingPlugin > "$image/lib/aot-training/classes/META-INF/services/io.jconmon.spi.LogDriverPlugin"
"$JAVA_HOME/bin/jar" --create --file "$training/aot-training.jar" -C "$image/lib/aot-training/classes" .
rm -rf "$image/lib/aot-training/classes"
echo "drivers=aot-training" > "$training/plugin.properties"

"$here/train-aot.sh" "$image"
echo "jconmon image ready: $image"
