#!/bin/sh
# PID 1 of a test host: its Docker daemon. HOST_DNS is the machine's resolver (builds on this
# host reach the npm registry and Debian through it); the host's own 127.0.0.11 would not do.
set -eu
rm -f /var/run/docker.pid /var/run/docker/containerd/containerd.pid
exec dockerd --host=unix:///var/run/docker.sock ${HOST_DNS:+--dns "$HOST_DNS"} --log-level=warn
