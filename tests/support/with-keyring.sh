#!/bin/sh
# Runs a command with a real Secret Service: a throw-away HOME, a private D-Bus session and an
# unlocked gnome-keyring (all from Debian). The daemon is stopped by its own PID afterwards.
# usage: with-keyring.sh COMMAND [ARGS...]
set -u
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] || [ -z "${SENTINEL_KEYRING_SESSION:-}" ]; then
    HOME=$(mktemp -d) SENTINEL_KEYRING_SESSION=1 exec dbus-run-session -- "$0" "$@"
fi
trap 'rm -rf "$HOME"' EXIT
printf '%s' "sentinel-test-keyring" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
keyring=$!
i=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; do
    i=$((i + 1))
    if [ "$i" -gt 100 ]; then
        echo "with-keyring.sh: gnome-keyring did not come up" >&2
        kill "$keyring" 2>/dev/null
        exit 1
    fi
    sleep 0.1
done
"$@"
status=$?
kill "$keyring" 2>/dev/null
wait "$keyring" 2>/dev/null
exit $status
