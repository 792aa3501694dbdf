#!/bin/sh
# A checker that reports as Kuberhealthy v3's Go checkclient does (pkg/checkclient, v3.0.13):
# it refuses to send unless the path of KH_REPORTING_URL is exactly /check; its body has
# lower-case keys and an empty currentUUID ("errors" is left out when there are none); it tries
# again on any answer but 200 and 400, for up to 30 s. V3_OK=false makes it report a failure.
set -u
rest="${KH_REPORTING_URL#*://}"
path="/${rest#*/}"
if [ "$rest" = "${rest#*/}" ] || [ "$path" != "/check" ]; then
  echo "v3 checkclient: refusing to report to $KH_REPORTING_URL: the path must be /check" >&2
  exit 1
fi
if [ "${V3_OK:-true}" = true ]; then
  body='{"ok":true,"currentUUID":""}'
else
  body='{"ok":false,"errors":["v3 checker says no"],"currentUUID":""}'
fi
give_up=$(( $(date +%s) + 30 ))
while [ "$(date +%s)" -lt "$give_up" ]; do
  status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST \
    -H 'Content-Type: application/json' -H "kh-run-uuid: $KH_RUN_UUID" --data "$body" "$KH_REPORTING_URL")"
  case "$status" in
    200) exit 0 ;;
    400) echo "v3 checkclient: report refused (400)" >&2; exit 1 ;;
  esac
  sleep 1
done
echo "v3 checkclient: no 200 within 30 s" >&2
exit 1
