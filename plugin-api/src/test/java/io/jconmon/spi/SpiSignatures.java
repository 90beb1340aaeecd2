package io.jconmon.spi;

import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The public signatures of the SPI, one per line, as the compatibility check compares them. */
final class SpiSignatures {
    static final List<Class<?>> TYPES = List.of(
            ContainerInfo.class, DriverContext.class, LogDriver.class, LogDriverException.class,
            LogDriverFactory.class, LogDriverPlugin.class, LogRecord.class, LogStream.class,
            SpiVersion.class, WriteResult.class);

    private SpiSignatures() {}

    static List<String> current() {
        TreeSet<String> lines = new TreeSet<>();
        for (Class<?> type : TYPES) {
            lines.add("type " + type.toGenericString());
            for (Method m : type.getDeclaredMethods()) {
                if (isApi(m) && !m.isSynthetic()) {
                    lines.add("method " + type.getSimpleName() + ": " + m.toGenericString());
                }
            }
            for (var c : type.getDeclaredConstructors()) {
                if (isApi(c)) {
                    lines.add("constructor " + type.getSimpleName() + ": " + c.toGenericString());
                }
            }
            for (var f : type.getDeclaredFields()) {
                if (isApi(f) && !f.isSynthetic()) {
                    lines.add("field " + type.getSimpleName() + ": " + f.toGenericString());
                }
            }
        }
        return new ArrayList<>(lines);
    }

    private static boolean isApi(Member m) {
        return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
    }
}
