#!/usr/bin/env bash
# Checks the deployment kit with the tools this machine has (not needed by .ci/run, whose tests check the templates'
# structure): the Bicep template compiles without warnings and azuredeploy.json is its current compilation, and the
# systemd unit passes systemd-analyze verify. Bicep: the Azure.Bicep.CommandLine.linux-x64 NuGet package's tools/bicep,
# or `az bicep`; set BICEP=/path/to/bicep.
set -euo pipefail
cd "$(dirname "$0")"
status=0

bicep="${BICEP:-$(command -v bicep || find "${NUGET_PACKAGES:-$HOME/.nuget/packages}/azure.bicep.commandline.linux-x64" -name bicep -type f 2>/dev/null | sort | tail -1 || true)}"
if [[ -n "$bicep" && -x "$bicep" ]]; then
  compiled="$(mktemp)"
  "$bicep" build azure/main.bicep --outfile "$compiled"
  # The compiler stamps its version into the metadata; compare the rest.
  if diff <(grep -v '"version": "0\.' "$compiled" | grep -v templateHash) <(grep -v '"version": "0\.' azure/azuredeploy.json | grep -v templateHash) >/dev/null; then
    echo "bicep: azure/main.bicep compiles; azure/azuredeploy.json is up to date"
  else
    echo "bicep: azure/azuredeploy.json is stale: run $bicep build azure/main.bicep --outfile azure/azuredeploy.json" >&2
    status=1
  fi
  rm -f "$compiled"
else
  echo "bicep: not found, skipped (set BICEP=...)" >&2
fi

if command -v systemd-analyze >/dev/null; then
  unit="$(mktemp -d)/callingbot.service"
  cp systemd/callingbot.service "$unit"
  systemd-analyze verify "$unit"
  echo "systemd: systemd/callingbot.service verifies"
else
  echo "systemd: systemd-analyze not found, skipped" >&2
fi

exit $status
