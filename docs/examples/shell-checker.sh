#!/usr/bin/env bash
# A complete checker in shell: do the check, then report once with curl.
# The controller injects KH_REPORTING_URL, KH_RUN_UUID and KH_CHECK_RUN_DEADLINE.
set -u

report() { # report <json body>; retries 5xx, 429 and connection errors until the deadline
  local body="$1" status
  while [ "$(date +%s)" -lt "$KH_CHECK_RUN_DEADLINE" ]; do
    status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST \
      -H 'Content-Type: application/json' -H "kh-run-uuid: $KH_RUN_UUID" \
      --data "$body" "$KH_REPORTING_URL")"
    case "$status" in
      200) return 0 ;;                      # stored
      400|410) echo "report refused: HTTP $status" >&2; return 1 ;;  # unknown/superseded run, or too late: final
    esac
    sleep 2                                 # 000 (no connection), 5xx, 429: try again
  done
  echo "deadline passed before the report was accepted" >&2; return 1
}

# The check itself; CHECK_URL is this example's own knob.
if curl -sf --max-time 5 "${CHECK_URL:-http://example.invalid/}" >/dev/null; then
  report '{"OK":true,"Errors":[]}'
else
  report '{"OK":false,"Errors":["'"${CHECK_URL:-http://example.invalid/}"' did not answer 2xx"]}'
fi
