/** A ~2 KB OCI runtime "process" object (the shape of config.json's process / exec --process spec). */
final class OciDoc {
    static final String JSON = """
        {
          "terminal": false,
          "consoleSize": {"height": 24, "width": 80},
          "user": {"uid": 1000, "gid": 1000, "umask": 18, "additionalGids": [10, 100, 1000]},
          "args": ["/usr/local/bin/docker-entrypoint.sh", "nginx", "-g", "daemon off;"],
          "env": [
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "TERM=xterm",
            "container=podman",
            "NGINX_VERSION=1.27.3",
            "NJS_VERSION=0.8.7",
            "PKG_RELEASE=1~bookworm",
            "HOSTNAME=web-7f9c",
            "HOME=/root",
            "LANG=C.UTF-8 \\u00e9t\\u00e9 \\"quoted\\""
          ],
          "cwd": "/usr/share/nginx/html",
          "capabilities": {
            "bounding": ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
                         "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT"],
            "effective": ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
                          "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT"],
            "permitted": ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
                          "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT"]
          },
          "rlimits": [
            {"type": "RLIMIT_NOFILE", "hard": 1048576, "soft": 1048576},
            {"type": "RLIMIT_NPROC", "hard": 4194304, "soft": 4194304}
          ],
          "noNewPrivileges": true,
          "apparmorProfile": "containers-default-0.62.2",
          "oomScoreAdj": 0,
          "selinuxLabel": "system_u:system_r:container_t:s0:c123,c456",
          "ioPriority": {"class": "IOPRIO_CLASS_BE", "priority": 4},
          "scheduler": {"policy": "SCHED_OTHER", "nice": 0, "priority": 0, "flags": [], "runtime": 0, "deadline": 0, "period": 0},
          "execCPUAffinity": {"initial": "0-1", "final": "0-1"},
          "annotations": {"io.podman.annotations.autoremove": "FALSE", "io.podman.annotations.init": "FALSE",
                          "org.opencontainers.image.stopSignal": "SIGQUIT", "io.container.manager": "libpod"}
        }
        """;
}
