#!/usr/bin/env bash
# Removes what the compose test made, also after a crash of the test itself: on each test host
# still there, its compose projects, containers, networks and volumes; then the hosts and the
# test's networks. Idempotent. Cached images (this machine's and each host's) stay.
set -uo pipefail
for c in $(docker ps -aq --filter label=covid-compose-test 2>/dev/null); do
  if [ "$(docker inspect -f '{{.State.Running}}' "$c" 2>/dev/null)" = true ]; then
    timeout 120 docker exec -w /srv/covid-mesh "$c" sh -c 'docker compose down -v --remove-orphans -t 2 >/dev/null 2>&1; docker ps -aq | xargs -r docker rm -f -v >/dev/null; docker volume prune -f >/dev/null; docker network prune -f >/dev/null' || true
  fi
  docker rm -f -v "$c" >/dev/null 2>&1 || true
done
for n in cmt-private cmt-public; do docker network rm "$n" >/dev/null 2>&1 || true; done
rm -rf /tmp/covid-compose-run-*
exit 0
