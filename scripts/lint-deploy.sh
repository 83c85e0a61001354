#!/usr/bin/env bash
# Lints the deployment kit in examples/users-service/deploy without a Docker engine:
#   - yamllint on the Kamal YAML (settings in the kit's .yamllint.yml),
#   - ShellCheck on the transactor's start script and the CI scripts,
#   - deploy-check, the repository's own checker, on the whole kit (needs `mvn verify` first).
# The Dockerfiles are checked by ShippedImagesTest in tools/deploy-check (Debian has no hadolint).
#
# Missing linters are installed from Debian when running as root; otherwise CI fails and a
# developer's run skips them with a warning.
set -euo pipefail
cd "$(dirname "$0")/.."

kit=examples/users-service/deploy
missing=()
command -v yamllint >/dev/null || missing+=(yamllint)
command -v shellcheck >/dev/null || missing+=(shellcheck)
if ((${#missing[@]})); then
    apt=(apt-get)
    [[ $(id -u) == 0 ]] || apt=(sudo -n apt-get)
    # A linter that cannot be installed is skipped loudly rather than failing the build: the
    # checker below and ShippedImagesTest still check the kit.
    if command -v apt-get >/dev/null && "${apt[@]}" update -qq \
        && "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
        :
    else
        echo "lint-deploy: WARNING: could not install ${missing[*]}; skipping them" >&2
    fi
fi

if command -v yamllint >/dev/null; then
    yamllint --strict -c "$kit/.yamllint.yml" "$kit/config" "$kit/.yamllint.yml"
fi
if command -v shellcheck >/dev/null; then
    shellcheck "$kit/transactor/start-transactor.sh" scripts/lint-deploy.sh .ci/run
fi
java -jar tools/deploy-check/target/deploy-check.jar "$kit"
