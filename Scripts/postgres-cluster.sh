#!/usr/bin/env bash
# A private PostgreSQL cluster for spacert's tests: no system service, no TCP port, only a Unix
# socket in a folder of its own.
#
#   Scripts/postgres-cluster.sh start DIR   initdb into DIR/data, start the server with its socket
#                                           in DIR/socket, make the database spacert_test, and
#                                           print its location (a postgres:// URL) on stdout
#   Scripts/postgres-cluster.sh stop DIR    stop that server (DIR itself is left to the caller)
#   Scripts/postgres-cluster.sh crash DIR   restart it as after a crash (pg_ctl restart -m immediate:
#                                           every connection is cut, nothing is shut down cleanly)
#   Scripts/postgres-cluster.sh halt DIR    stop it at once (-m immediate) and leave it stopped
#   Scripts/postgres-cluster.sh resume DIR  start a stopped (or halted) cluster in DIR again
#   Scripts/postgres-cluster.sh start-tls DIR
#                                           as start, and also listen on localhost (a free TCP
#                                           port) for TLS connections only, with a server
#                                           certificate for "localhost" signed by a test CA made
#                                           in DIR/tls (ca.pem; other-ca.pem signed nothing); print
#                                           the TCP location (sslmode=verify-full, sslrootcert)
#
# The superuser is "spa", trusted on the socket; every other role must give its password
# (scram-sha-256), so the tests can check what a wrong password looks like. As root, the server
# runs as the "postgres" user (initdb refuses root) and DIR is handed to that user.
#
# Typical use:
#   dir=$(mktemp -d)
#   export SPACERT_TEST_POSTGRES=$(Scripts/postgres-cluster.sh start "$dir")
#   trap 'Scripts/postgres-cluster.sh stop "$dir"; rm -rf "$dir"' EXIT
# Any failure exits non-zero with the reason (and the server's log) on stderr.
set -euo pipefail

fail() {
    echo "postgres-cluster: $*" >&2
    exit 1
}

[ $# -eq 2 ] || fail "usage: $0 start|start-tls|stop|crash|halt|resume DIR"
action=$1
dir=$2
case "$dir" in
    /*) ;;
    *) dir="$PWD/$dir" ;;
esac
[ -d "$dir" ] || fail "'$dir' is not a folder"

# The server's programs: $POSTGRES_BIN, else the newest /usr/lib/postgresql/N/bin, else $PATH.
bin=${POSTGRES_BIN:-}
if [ -z "$bin" ]; then
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [ -z "$bin" ] && command -v initdb >/dev/null; then
    bin=$(dirname "$(command -v initdb)")
fi
[ -n "$bin" ] && [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] \
    || fail "no PostgreSQL server programs (initdb, pg_ctl) found; install the 'postgresql' package"

# The server must not run as root.
as_server() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# The server outlives this script and inherits its open descriptors: one beyond 0-2 that a caller
# passed in (Foundation's Process watches its child through such a socket, a shell's command
# substitution through a pipe) would be held open by the server and make that caller wait for
# ever. Close them all first.
for fd in /proc/$$/fd/*; do
    fd=${fd##*/}
    if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
done

data="$dir/data"
socket="$dir/socket"
log="$dir/server.log"
port=5432 # only names the socket file (.s.PGSQL.5432); there is no TCP listener but start-tls's
# The server's options; start-tls keeps its own in DIR/server.options for crash and resume.
options="-k $socket -p $port -c listen_addresses=''"
[ -f "$dir/server.options" ] && options=$(cat "$dir/server.options")

# A test CA, a second one that signed nothing, and a server certificate for localhost (valid
# two days) in DIR/tls, the server's key readable by the server only.
make_tls() {
    command -v openssl >/dev/null || fail "start-tls needs openssl"
    local tls="$dir/tls"
    mkdir -p "$tls"
    {
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=spacert test CA" \
            -keyout "$tls/ca.key" -out "$tls/ca.pem" &&
            openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=another CA" \
                -keyout "$tls/other-ca.key" -out "$tls/other-ca.pem" &&
            openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
                -keyout "$tls/server.key" -out "$tls/server.csr" &&
            printf 'subjectAltName=DNS:localhost\n' >"$tls/server.ext" &&
            openssl x509 -req -days 2 -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" \
                -CAcreateserial -extfile "$tls/server.ext" -out "$tls/server.pem"
    } >"$dir/openssl.log" 2>&1 || {
        cat "$dir/openssl.log" >&2
        fail "could not make the test certificates"
    }
    chmod 0600 "$tls/server.key"
    chmod 0755 "$tls"
    chmod 0644 "$tls/ca.pem" "$tls/other-ca.pem" "$tls/server.pem"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$tls"; fi
}

case "$action" in
    start | start-tls)
        [ ! -e "$data" ] || fail "'$data' already exists; stop and remove the old cluster first"
        mkdir -p "$socket"
        if [ "$(id -u)" -eq 0 ]; then
            id postgres >/dev/null 2>&1 || fail "running as root needs the 'postgres' user to run the server"
            chown -R postgres: "$dir"
            chmod 0700 "$dir"
        fi
        as_server "$bin/initdb" -D "$data" -U spa -A trust -E UTF8 --locale=C.UTF-8 --no-instructions \
            >"$dir/initdb.log" 2>&1 || {
            cat "$dir/initdb.log" >&2
            fail "initdb failed"
        }
        # The superuser spa is trusted on the socket; every other role needs its password.
        printf '%s\n' \
            'local all spa trust' \
            'local all all scram-sha-256' | as_server tee "$data/pg_hba.conf" >/dev/null
        if [ "$action" = start-tls ]; then
            make_tls
            # Over TCP, TLS only: spa is trusted on localhost, anything without TLS is refused.
            printf '%s\n' \
                'hostssl all spa 127.0.0.1/32 trust' \
                'hostssl all spa ::1/128 trust' \
                'hostnossl all all all reject' | as_server tee -a "$data/pg_hba.conf" >/dev/null
            port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
            options="-k $socket -p $port -c listen_addresses=localhost -c ssl=on"
            options="$options -c ssl_cert_file=$dir/tls/server.pem -c ssl_key_file=$dir/tls/server.key"
            echo "$options" | as_server tee "$dir/server.options" >/dev/null
        fi
        as_server "$bin/pg_ctl" -D "$data" -w -t 60 -l "$log" -o "$options" start >/dev/null 2>&1 || {
            [ -f "$log" ] && tail -n 20 "$log" >&2
            fail "the server did not start (log: $log)"
        }
        as_server "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$socket" -p "$port" -U spa -d postgres \
            -c "CREATE DATABASE spacert_test" >/dev/null || {
            as_server "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
            fail "could not make the database spacert_test"
        }
        if [ "$action" = start-tls ]; then
            echo "postgres://spa@localhost:$port/spacert_test?sslmode=verify-full&sslrootcert=$dir/tls/ca.pem"
        else
            echo "postgres://spa@/spacert_test?host=$socket"
        fi
        ;;
    stop)
        [ -f "$data/postmaster.pid" ] || exit 0
        as_server "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || fail "the server did not stop"
        ;;
    crash)
        [ -f "$data/postmaster.pid" ] || fail "no server is running in '$data'"
        as_server "$bin/pg_ctl" -D "$data" -m immediate -w -t 60 -l "$log" \
            -o "$options" restart >/dev/null 2>&1 || {
            [ -f "$log" ] && tail -n 20 "$log" >&2
            fail "the server did not come back after an immediate restart (log: $log)"
        }
        ;;
    resume)
        [ -d "$data" ] || fail "no cluster in '$data'; make one with start"
        as_server "$bin/pg_ctl" -D "$data" -w -t 60 -l "$log" \
            -o "$options" start >/dev/null 2>&1 || {
            [ -f "$log" ] && tail -n 20 "$log" >&2
            fail "the server did not start again (log: $log)"
        }
        ;;
    halt)
        [ -f "$data/postmaster.pid" ] || exit 0
        as_server "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null || fail "the server did not stop"
        ;;
    *)
        fail "unknown action '$action'; usage: $0 start|stop|crash|halt|resume DIR"
        ;;
esac
