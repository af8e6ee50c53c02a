#!/usr/bin/env bash
# One-shot Temporal setup for docker-compose.yml (service `temporal-setup`, image temporalio/admin-tools).
#
# 1. waits until the frontend at TEMPORAL_ADDRESS answers;
# 2. makes sure the namespace TEMPORAL_NAMESPACE exists (auto-setup registers it in the background; if it has not
#    appeared after NAMESPACE_WAIT_SECONDS this script creates it);
# 3. registers Trawl's custom search attributes (workflows/search-attributes.ts) as Keyword.
#
# Safe to run any number of times: attributes that already exist with the right type are left alone, and a
# concurrent creation by another process is tolerated (the result is checked, not the exit code of `create`).
# Exits non-zero if an attribute exists with another type or cannot be registered, so that `api` and `worker`
# (which wait for this service with `service_completed_successfully`) do not start against a half-set-up server.
set -euo pipefail

address="${TEMPORAL_ADDRESS:-temporal:7233}"
namespace="${TEMPORAL_NAMESPACE:-default}"
retention="${NAMESPACE_RETENTION:-72h}"
server_wait="${SERVER_WAIT_SECONDS:-180}"
namespace_wait="${NAMESPACE_WAIT_SECONDS:-30}"
# Keep in step with workflows/search-attributes.ts (test/deploy/compose.test.ts checks it).
search_attributes=(TrawlTenantId TrawlScheduleId)

log() { echo "[temporal-setup] $*"; }
tctl_() { temporal "$@" --address "$address"; }

# `temporal operator search-attribute list` prints a NAME/TYPE table; print the type of one attribute, or nothing.
# awk reads the whole table: stopping at the match would kill temporal with SIGPIPE, and pipefail would fail the script.
attribute_type() {
  tctl_ operator search-attribute list --namespace "$namespace" 2>/dev/null | awk -v name="$1" '$1 == name && !found { found = $2 } END { print found }'
}

log "waiting for the Temporal frontend at $address (up to ${server_wait}s)"
deadline=$((SECONDS + server_wait))
until tctl_ operator cluster health 2>/dev/null | grep -q SERVING; do
  if ((SECONDS >= deadline)); then log "no healthy Temporal frontend at $address"; exit 1; fi
  sleep 2
done

log "waiting for namespace '$namespace' (up to ${namespace_wait}s before creating it)"
deadline=$((SECONDS + namespace_wait))
until tctl_ operator namespace describe --namespace "$namespace" >/dev/null 2>&1; do
  if ((SECONDS >= deadline)); then
    log "creating namespace '$namespace' (retention $retention)"
    tctl_ operator namespace create --namespace "$namespace" --retention "$retention" \
      --description "Trawl (created by deploy/temporal/setup.sh)" \
      || log "create failed, probably created concurrently; checking again"
    deadline=$((SECONDS + 30))
    until tctl_ operator namespace describe --namespace "$namespace" >/dev/null 2>&1; do
      if ((SECONDS >= deadline)); then log "namespace '$namespace' is still missing"; exit 1; fi
      sleep 1
    done
    break
  fi
  sleep 1
done

# A new namespace takes a moment to reach every frontend's namespace cache.
deadline=$((SECONDS + 60))
until tctl_ operator search-attribute list --namespace "$namespace" >/dev/null 2>&1; do
  if ((SECONDS >= deadline)); then log "cannot list search attributes of '$namespace'"; exit 1; fi
  sleep 1
done

for name in "${search_attributes[@]}"; do
  type="$(attribute_type "$name")"
  if [[ "$type" == "Keyword" ]]; then
    log "search attribute $name (Keyword) already registered"
    continue
  fi
  if [[ -n "$type" ]]; then
    log "search attribute $name exists with type $type, expected Keyword: fix it by hand"
    exit 1
  fi
  log "registering search attribute $name (Keyword)"
  tctl_ operator search-attribute create --namespace "$namespace" --name "$name" --type Keyword \
    || log "create returned an error (already created concurrently?); checking"
  deadline=$((SECONDS + 30))
  until [[ "$(attribute_type "$name")" == "Keyword" ]]; do
    if ((SECONDS >= deadline)); then log "search attribute $name is not registered as Keyword"; exit 1; fi
    sleep 1
  done
done

log "done: namespace '$namespace' has ${search_attributes[*]}"
