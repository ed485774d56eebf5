# bin/opensearch --secure: the same OpenSearch with the security plugin (Maven Central), installed
# beside the plain one so that the plain server and the demo stay as they are. Each instance gets at
# its first start a CA of its own (the demo certificates shipped with the plugin are public), a node
# certificate it signed for 127.0.0.1 and localhost, and a random admin password kept in a file only
# its owner can read. The CA's key is deleted once the node certificate is signed.
# shellcheck shell=bash

RUN_HOME="$CACHE/opensearch-$OS_VERSION-security"
STATE="$(state_root)/opensearch-secure-$PORT"
PIDFILE="$STATE/opensearch.pid"
LOGS="$STATE/logs"
URL="https://127.0.0.1:$PORT"
CLIENT="$STATE/client"
CA_FILE="$CLIENT/ca.pem"
PASSWORD_FILE="$CLIENT/admin-password"
NODE_DN="CN=trailflow-opensearch-node"
# The plugin's start (loading it, then its security index) takes about three times the plain one's
# on a busy machine.
OPENSEARCH_START_TIMEOUT="${OPENSEARCH_START_TIMEOUT:-240}"

install_server() {
  install_opensearch
  [[ -f "$RUN_HOME/plugins/opensearch-security/plugin-descriptor.properties" ]] && return 0
  lock_acquire "$CACHE/.opensearch-$OS_VERSION-security.lock"
  if [[ ! -f "$RUN_HOME/plugins/opensearch-security/plugin-descriptor.properties" ]]; then
    local zip tmp
    zip="$(fetch_artifact "$SECURITY_ARTIFACT" "$CACHE/downloads")"
    tmp="$(mktemp -d "$CACHE/.opensearch-$OS_VERSION-security.XXXXXX")"
    cp -R "$OS_HOME" "$tmp/home"
    say "installing the security plugin ..."
    if ! OPENSEARCH_PATH_CONF="$tmp/home/config" "$tmp/home/bin/opensearch-plugin" install --batch "file://$zip" \
        >"$tmp/plugin.log" 2>&1; then
      cat "$tmp/plugin.log" >&2
      rm -rf "$tmp" "$zip"
      fail "could not install the security plugin"
    fi
    chmod +x "$tmp/home/plugins/opensearch-security/tools/"*.sh
    chmod -R a+rX,go-w "$tmp/home"
    rm -rf "$RUN_HOME"
    mv "$tmp/home" "$RUN_HOME"
    rm -rf "$tmp" "$zip"
    say "installed OpenSearch $OS_VERSION with the security plugin in $RUN_HOME"
  fi
  lock_release
}

# The instance's configuration is made once, at its first start: its certificates and password
# hash live there, and the security index is initialised from it on that first start only.
write_config() {
  [[ -f "$STATE/config/.trailflow-secure" && -f "$PASSWORD_FILE" ]] && return 0
  need_cmd openssl "needed to make the instance's CA and certificate"
  rm -rf "$STATE/data" "$CLIENT"
  mkdir -p "$STATE/data"
  copy_config
  make_certificates
  make_admin_password
  cat >>"$STATE/config/opensearch.yml" <<YML

# Written by bin/opensearch --secure.
plugins.security.ssl.transport.pemcert_filepath: node.pem
plugins.security.ssl.transport.pemkey_filepath: node-key.pem
plugins.security.ssl.transport.pemtrustedcas_filepath: ca.pem
plugins.security.ssl.transport.enforce_hostname_verification: false
plugins.security.ssl.http.enabled: true
plugins.security.ssl.http.pemcert_filepath: node.pem
plugins.security.ssl.http.pemkey_filepath: node-key.pem
plugins.security.ssl.http.pemtrustedcas_filepath: ca.pem
plugins.security.allow_default_init_securityindex: true
plugins.security.nodes_dn: ["$NODE_DN"]
plugins.security.audit.type: noop
plugins.security.restapi.roles_enabled: ["all_access"]
plugins.security.system_indices.enabled: true
YML
  # Only the admin: a user of this instance has exactly the roles mapped to it, nothing by default.
  cat >"$STATE/config/opensearch-security/roles_mapping.yml" <<'YML'
_meta:
  type: "rolesmapping"
  config_version: 2
all_access:
  reserved: false
  backend_roles:
  - "admin"
YML
  touch "$STATE/config/.trailflow-secure"
  # As the plugin wants it: the configuration (the node's key, the password hash) for the server's user alone.
  chmod -R go-rwx "$STATE/config"
}

make_certificates() {
  local dir="$STATE/config" ext
  mkdir -p "$CLIENT"
  chmod 700 "$CLIENT"
  ext="$(mktemp)"
  printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
    "extendedKeyUsage=serverAuth,clientAuth" "subjectAltName=IP:127.0.0.1,DNS:localhost" >"$ext"
  if ! { openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -keyout "$dir/ca-key.pem" -out "$dir/ca.pem" \
        -subj "/CN=trailflow local CA $(hostname 2>/dev/null || echo host) port $PORT" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
      && openssl req -newkey rsa:2048 -nodes -keyout "$dir/node-key.pem" -out "$dir/node.csr" -subj "/$NODE_DN" \
      && openssl x509 -req -in "$dir/node.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca-key.pem" -CAcreateserial \
        -days 3650 -extfile "$ext" -out "$dir/node.pem"; } >"$dir/openssl.log" 2>&1; then
    cat "$dir/openssl.log" >&2
    rm -f "$ext"
    fail "could not make the instance's certificates"
  fi
  rm -f "$ext" "$dir/ca-key.pem" "$dir/ca.srl" "$dir/node.csr" "$dir/openssl.log"
  chmod 600 "$dir/node-key.pem"
  cp "$dir/ca.pem" "$CA_FILE"
  chmod 644 "$CA_FILE"
}

make_admin_password() {
  local password hash
  # Letters, digits and a symbol, so the security plugin's password rules accept it.
  password="Tf-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)-9a"
  (umask 077 && printf '%s\n' "$password" >"$PASSWORD_FILE")
  hash="$(TRAILFLOW_ADMIN_PASSWORD="$password" "$RUN_HOME/plugins/opensearch-security/tools/hash.sh" \
    -env TRAILFLOW_ADMIN_PASSWORD 2>/dev/null | grep -E '^\$2[aby]\$' | tail -n 1)"
  [[ -n "$hash" ]] || fail "could not hash the admin password (plugins/opensearch-security/tools/hash.sh)"
  cat >"$STATE/config/opensearch-security/internal_users.yml" <<YML
_meta:
  type: "internalusers"
  config_version: 2
admin:
  hash: "$hash"
  reserved: true
  backend_roles:
  - "admin"
  description: "made by bin/opensearch --secure"
YML
}

# The server's files go to its user; the client's (CA copy, password) stay with whoever started it.
give_state_to() {
  local owner
  owner="$(id -u):$(id -g)"
  chown -R "$1:" "$STATE"
  chown -R "$owner" "$CLIENT"
}

curl_config() {
  [[ -r "$PASSWORD_FILE" ]] || return 0
  printf 'cacert = "%s"\nuser = "admin:%s"\n' "$CA_FILE" "$(head -n 1 "$PASSWORD_FILE")"
}

describe_instance() {
  say "security plugin on: user admin, password in $PASSWORD_FILE (readable by its owner only);"
  say "  CA file $CA_FILE: pass --opensearch.ca-file $CA_FILE"
}
