#!/usr/bin/env bash
# Runs the whole test suite: the command README.md gives and .ci/run calls.
# It installs the npm test servers (s3rver, asl-validator) from tests/package-lock.json and checks the rest.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v dotnet >/dev/null || missing+=("the .NET 10 SDK (dotnet)")
command -v npm >/dev/null || missing+=("Node.js and npm (apt-get install nodejs npm)")
/usr/bin/python3 -c 'import pyftpdlib' 2>/dev/null || missing+=("the FTP test server (apt-get install python3-pyftpdlib)")
command -v compress >/dev/null || missing+=("compress, to make .Z test archives (apt-get install ncompress)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: missing prerequisites:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 2
fi

if [ ! -x tests/node_modules/.bin/s3rver ] || [ ! -x tests/node_modules/.bin/asl-validator ] || [ tests/package-lock.json -nt tests/node_modules ]; then
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
fi

[ -d ../shared/conformance ] || echo "test.sh: note: ../shared/conformance is not beside the repository; conformance tests will be skipped" >&2

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test Backfill.sln -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line over all test projects.
awk '/(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+/ {
       gsub(/,/, ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
