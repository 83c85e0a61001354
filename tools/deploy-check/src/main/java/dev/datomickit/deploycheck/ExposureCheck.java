package dev.datomickit.deploycheck;

import java.util.ArrayList;
import java.util.List;

/**
 * Storage, memcached and the transactor must not be reachable from outside the server: other
 * containers use the kamal network, and a published port is only for an operator who has SSHed
 * in, so it belongs on 127.0.0.1. (Docker publishes ports through its own firewall rules, so
 * {@code ufw} does not stop a port published on every interface.)
 */
final class ExposureCheck {

    private ExposureCheck() {}

    static List<Finding> check(App app) {
        List<Finding> findings = new ArrayList<>();
        for (Accessory accessory : app.accessories()) {
            if (accessory.kind() == Accessory.Kind.OTHER) {
                continue;
            }
            for (Accessory.Binding binding : accessory.bindings()) {
                PortBinding port = binding.port();
                if (port.loopbackOnly()) {
                    continue;
                }
                String where = port.ip() == null ? "every network interface" : port.ip();
                findings.add(new Finding(Rule.PUBLIC_PORT, binding.location(), accessory.hostname() + " publishes "
                        + accessory.product() + " on " + where + " (\"" + port.text() + "\"), so it can be reached from"
                        + " outside the server, and Docker's own firewall rules let it past ufw. Containers do not need"
                        + " it published: they use the kamal network.",
                        "bind it to loopback, \"" + port.onLoopback() + "\", or remove the port setting"));
            }
        }
        return findings;
    }
}
