package io.jconmon.driver.syslog;

/** The two message formats: RFC 5424 (structured header) and RFC 3164 (BSD, what syslog(3) sends). */
enum SyslogFormat { RFC5424, RFC3164 }
