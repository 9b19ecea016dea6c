#!/bin/sh
# A test exec credential plugin (tst_kubeconfig): prints an ExecCredential whose token carries
# what the plugin saw (its arguments, its env, the server of KUBERNETES_EXEC_INFO), in the
# apiVersion KUBERNETES_EXEC_INFO asked for, with an expiry. MESHSCOPE_TOKEN, when set, is
# the whole token instead (for the real API server).
count_file="$(dirname "$0")/runs"
echo x >> "$count_file"
info_version=$(printf '%s' "$KUBERNETES_EXEC_INFO" | sed -n 's/.*"apiVersion":"\([^"]*\)".*/\1/p')
server=$(printf '%s' "$KUBERNETES_EXEC_INFO" | sed -n 's/.*"server":"\([^"]*\)".*/\1/p')
cat <<EOF
{"apiVersion":"$info_version","kind":"ExecCredential","status":{"token":"${MESHSCOPE_TOKEN:-argc=$# a2=$2 a3=$3 mode=$PLUGIN_MODE server=$server}","expirationTimestamp":"2030-01-01T00:00:00Z"}}
EOF
