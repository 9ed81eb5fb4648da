#!/usr/bin/env bash
# `npm run test:compose`: installs and builds what is missing (infra.sh), runs the compose test
# (compose.hosts.ts), and removes every container, network and volume the test made however it
# ends (teardown.sh; cached images and the hosts' image caches stay).
# COMPOSE_SCENARIOS=0 skips the failover scenarios; COMPOSE_KEEP=1 keeps everything for a look.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$(date +%s)
bash deploy/compose-test/infra.sh all
echo "[compose-test] machine ready after $(( $(date +%s) - start )) s"
if [ "${COMPOSE_KEEP:-0}" != 1 ]; then trap 'bash deploy/compose-test/teardown.sh' EXIT; fi
node_modules/.bin/bun test --timeout 1800000 ./deploy/compose-test/compose.hosts.ts
echo "[compose-test] wall time $(( $(date +%s) - start )) s"
