#!/usr/bin/env bash
# Packs CallingBot's libraries and the template pack into one folder (default artifacts/packages), the package source
# of bots made with `dotnet new callingbot --Packages <folder>` (docs/getting-started.md).
#   eng/pack.sh [folder] [version]
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-artifacts/packages}")"
version_args=()
[ -n "${2:-}" ] && version_args=("-p:PackageVersion=$2")
mkdir -p "$out"
dotnet pack CallingBot.sln -c Release -o "$out" "${version_args[@]}"
dotnet pack templates/CallingBot.Templates -c Release -o "$out" "${version_args[@]}"
echo "CallingBot packages are in $out"
