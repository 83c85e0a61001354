#!/bin/sh
# Entry point of the transactor image (Dockerfile.transactor).
#
#   start-transactor [PROPERTIES]     default: /opt/datomic/config/transactor.properties
#
# Starts Datomic's bin/transactor with the properties file Kamal mounts, adding the storage
# password from the environment, so that neither the repository nor the server's disk outside
# this container holds it.
#
# Environment:
#   DATOMIC_SQL_PASSWORD  written as sql-password (the mounted file must not set it as well)
#   TRANSACTOR_HEAP       -Xms and -Xmx of the transactor JVM (default 1g); keep the memory
#                         settings of the properties in proportion. Only -Xms and -Xmx are
#                         passed: any other JVM flag would replace Datomic's tuned defaults.
#   DATOMIC_HOME          where Datomic is unpacked (default /opt/datomic)
set -eu

properties="${1:-/opt/datomic/config/transactor.properties}"
if [ ! -r "$properties" ]; then
    echo "start-transactor: cannot read $properties; mount it with the accessory's files: setting" >&2
    exit 66
fi

umask 077
effective="$(mktemp -d)/transactor.properties"
cp "$properties" "$effective"

if [ -n "${DATOMIC_SQL_PASSWORD:-}" ]; then
    if grep -Eq '^[[:space:]]*sql-password([[:space:]]|[=:])' "$properties"; then
        echo "start-transactor: $properties sets sql-password and DATOMIC_SQL_PASSWORD is set too; keep the password in the secret only" >&2
        exit 64
    fi
    # In properties syntax a backslash escapes the next character: double it to keep it.
    escaped="$(printf '%s' "$DATOMIC_SQL_PASSWORD" | sed 's/\\/\\\\/g')"
    printf '\nsql-password=%s\n' "$escaped" >>"$effective"
fi
unset DATOMIC_SQL_PASSWORD

heap="${TRANSACTOR_HEAP:-1g}"
cd "${DATOMIC_HOME:-/opt/datomic}"
# exec: the transactor replaces this shell, so docker stop's SIGTERM reaches it directly.
exec bin/transactor "-Xms$heap" "-Xmx$heap" "$effective"
