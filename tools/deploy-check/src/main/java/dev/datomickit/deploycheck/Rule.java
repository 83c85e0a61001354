package dev.datomickit.deploycheck;

/** The pitfalls the checker knows, each with the short id printed in its findings. */
enum Rule {
    /** A connection string, {@code sql-url}, memcached setting or port mapping uses a port other than
     *  the one the service listens on inside its container (usually the host port). */
    CONTAINER_PORT("container-port"),
    /** A connection names a host that is not {@code {service}-{accessory}} of this app. */
    HOSTNAME("hostname"),
    /** A connection names {@code {service}-{x}} where this app defines no accessory {@code x}. */
    MISSING_ACCESSORY("missing-accessory"),
    /** A database, memcached or transactor port is published beyond the loopback interface. */
    PUBLIC_PORT("public-port"),
    /** Two accessories on one server share a host port, a volume or a container name. */
    COLLISION("collision"),
    /** The transactor's {@code host=} is not the hostname peers can reach it by. */
    TRANSACTOR_HOST("transactor-host"),
    /** A connection string or port mapping that cannot be parsed, so it cannot be checked. */
    UNREADABLE("unreadable");

    private final String id;

    Rule(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }
}
