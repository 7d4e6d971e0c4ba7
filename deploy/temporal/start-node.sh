#!/bin/sh
# Runs one Temporal node: frontend, history, matching and worker services in one process, configured by
# config.yaml. Nodes find each other through the cluster_membership table, so more nodes need no other setting.
set -eu
if [ "${BIND_ON_IP:-127.0.0.1}" = "0.0.0.0" ] && [ -z "${TEMPORAL_BROADCAST_ADDRESS:-}" ]; then
  # Listening on every interface: tell the other nodes the container's own address.
  TEMPORAL_BROADCAST_ADDRESS=$(hostname -i | cut -d' ' -f1)
  export TEMPORAL_BROADCAST_ADDRESS
fi
exec temporal-server --config-file "$TEMPORAL_SERVER_CONFIG_FILE_PATH" --allow-no-auth start \
  --service frontend --service history --service matching --service worker
