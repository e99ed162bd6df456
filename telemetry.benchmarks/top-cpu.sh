#!/usr/bin/env bash
# CPU of the `top` monitor itself: serve + simulate N processes (1 s interval), top in a 120x40
# tmux pane on the processes view, then top's JVM CPU time (utime + stime from /proc) over S seconds.
# usage: [TOP_JAVA_OPTS=...] telemetry.benchmarks/top-cpu.sh [PROCESSES=1000] [SECONDS=60]
set -euo pipefail
jar=$(cd "$(dirname "$0")/.." && pwd)/telemetry.ingester/target/telemetry-ingester.jar
n=${1:-1000}; seconds=${2:-60}
dir=$(mktemp -d); sock=tmux-top-cpu-$$
cleanup() { tmux -L "$sock" kill-server 2>/dev/null || true; kill "$sim" "$srv" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
java -jar "$jar" serve --listen "unix:$dir/t.sock" --http-port 0 >"$dir/serve.log" 2>&1 & srv=$!
until port=$(grep -so '(port [0-9]*)' "$dir/serve.log" | tr -dc 0-9) && [ -n "$port" ]; do sleep 0.2; done
java -jar "$jar" simulate --target "unix:$dir/t.sock" --processes "$n" --groups 8 --interval 1s --duration 0 \
    >"$dir/simulate.log" 2>&1 & sim=$!
LANG=C.UTF-8 tmux -u -L "$sock" -f /dev/null new-session -d -x 120 -y 40 \
    "java ${TOP_JAVA_OPTS:-} -jar $jar top --url ws://127.0.0.1:$port/ws"
until tmux -L "$sock" capture-pane -p | grep -q "processes $n "; do sleep 0.5; done
pid=$(pgrep -f "top --url ws://127.0.0.1:$port/ws" | while read -r p; do
    [ "$(cat /proc/"$p"/comm)" = java ] && echo "$p"; done | head -1)
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
sleep 10 # past the JIT warm-up
before=$(ticks); start=$(date +%s.%N)
sleep "$seconds"
after=$(ticks); end=$(date +%s.%N)
hz=$(getconf CLK_TCK)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
update=$(curl -s "http://127.0.0.1:$port/api/state" | wc -c)
awk -v n="$n" -v t="$((after - before))" -v hz="$hz" -v s="$start" -v e="$end" -v rss="$rss" -v j="$update" \
    'BEGIN { printf "processes=%d wall=%.1f s cpu=%.2f s = %.1f %% of one core, rss=%d MiB, /api/state=%d KiB\n",
             n, e - s, t / hz, 100 * t / hz / (e - s), rss / 1024, j / 1024 }'
tmux -L "$sock" capture-pane -p | head -12
