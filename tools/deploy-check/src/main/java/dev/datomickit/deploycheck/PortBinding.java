package dev.datomickit.deploycheck;

/**
 * A Docker port publication as Kamal passes it to {@code docker run --publish}:
 * {@code [ip:][hostPort:]containerPort[/protocol]}, IPv6 addresses in brackets.
 *
 * @param ip the host address it binds to, or {@code null} for every interface
 * @param hostPort the host port, or {@code null} when Docker picks one
 * @param containerPort the port inside the container
 * @param protocol {@code tcp}, {@code udp} or {@code sctp}
 * @param text the mapping as written
 */
record PortBinding(String ip, Integer hostPort, int containerPort, String protocol, String text) {

    /** @throws IllegalArgumentException naming what is wrong */
    static PortBinding parse(String text) {
        String spec = text.strip();
        String protocol = "tcp";
        int slash = spec.lastIndexOf('/');
        if (slash >= 0) {
            protocol = spec.substring(slash + 1);
            if (!protocol.matches("tcp|udp|sctp")) {
                throw new IllegalArgumentException("unknown protocol \"" + protocol + "\" (expected tcp, udp or sctp)");
            }
            spec = spec.substring(0, slash);
        }
        String ip = null;
        if (spec.startsWith("[")) {
            int close = spec.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("expected [ipv6]:hostPort:containerPort");
            }
            ip = spec.substring(1, close);
            spec = spec.substring(close + 2);
            if (spec.indexOf(':') < 0) {
                throw new IllegalArgumentException("expected [ipv6]:hostPort:containerPort");
            }
        }
        String[] parts = spec.split(":", -1);
        if (parts.length > 3 || (ip != null && parts.length != 2)) {
            throw new IllegalArgumentException("expected ip:hostPort:containerPort; write IPv6 addresses in brackets");
        }
        if (parts.length == 3) {
            ip = parts[0];
        }
        String container = parts[parts.length - 1];
        String host = parts.length >= 2 ? parts[parts.length - 2] : "";
        if (container.contains("-") || host.contains("-")) {
            throw new IllegalArgumentException("port ranges are not supported here; publish one port per mapping");
        }
        if (ip != null && ip.isEmpty()) {
            throw new IllegalArgumentException("the bind address before the first ':' is empty");
        }
        return new PortBinding(ip, host.isEmpty() ? null : Endpoint.parsePort(host), Endpoint.parsePort(container),
                protocol, text.strip());
    }

    boolean loopbackOnly() {
        return ip != null && (ip.startsWith("127.") || ip.equals("::1") || ip.equalsIgnoreCase("localhost"));
    }

    /** Whether two publications would fight for the same host socket. */
    boolean clashesWith(PortBinding other) {
        return hostPort != null && hostPort.equals(other.hostPort) && protocol.equals(other.protocol)
                && (isWildcard(ip) || isWildcard(other.ip) || ip.equalsIgnoreCase(other.ip));
    }

    /** The same mapping bound to loopback, keeping the ports. */
    String onLoopback() {
        return "127.0.0.1:" + (hostPort == null ? containerPort : hostPort) + ":" + containerPort + suffix();
    }

    String withPorts(int host, int container) {
        return (ip == null ? "" : (ip.contains(":") ? "[" + ip + "]" : ip) + ":") + host + ":" + container + suffix();
    }

    private String suffix() {
        return protocol.equals("tcp") ? "" : "/" + protocol;
    }

    private static boolean isWildcard(String ip) {
        return ip == null || ip.equals("0.0.0.0") || ip.equals("::");
    }
}
