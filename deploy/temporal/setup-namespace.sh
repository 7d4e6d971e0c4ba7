#!/bin/sh
# Once the cluster answers: creates Matchflow's namespace where missing and registers every search attribute
# in search-attributes.txt that it lacks. Safe to run again. Needs the temporal CLI on PATH and
# TEMPORAL_ADDRESS (host:port of a frontend).
set -eu

for _ in $(seq 1 90); do
  temporal operator cluster health --address "$TEMPORAL_ADDRESS" 2>/dev/null | grep -q SERVING && break
  sleep 2
done
temporal operator cluster health --address "$TEMPORAL_ADDRESS" | grep -q SERVING

ns="$TEMPORAL_NAMESPACE"
if ! temporal operator namespace describe --namespace "$ns" --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; then
  temporal operator namespace create --namespace "$ns" --retention "$TEMPORAL_NAMESPACE_RETENTION" --address "$TEMPORAL_ADDRESS"
  echo "setup-namespace: created namespace $ns"
fi

# A namespace just created reaches every frontend within seconds; search attributes wait for it.
existing=""
for _ in $(seq 1 30); do
  if existing=$(temporal operator search-attribute list --namespace "$ns" --address "$TEMPORAL_ADDRESS" 2>/dev/null); then break; fi
  sleep 1
done
grep -v '^#' "$SEARCH_ATTRIBUTES_FILE" | while read -r name type; do
  [ -n "$name" ] || continue
  if echo "$existing" | grep -qw "$name"; then continue; fi
  temporal operator search-attribute create --namespace "$ns" --name "$name" --type "$type" --address "$TEMPORAL_ADDRESS"
  echo "setup-namespace: registered search attribute $name ($type)"
done
echo "setup-namespace: $ns ready"
