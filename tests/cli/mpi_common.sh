# Sourced by the scripts that run cisim under mpirun (mc_mpi.sh,
# sensitivity_mpi.sh): their arguments CISIM MPIRUN SOURCE_DIR WORK_DIR, an
# empty work directory, and the helpers they share.
set -u
cisim=$1 mpirun=$2 root=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
# Open MPI refuses root unless told (CI runs as root); three processes on two cores.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpi() { timeout 120 "$mpirun" --oversubscribe -n "$@"; }
# The result directories $1 and $2 hold the same files, byte for byte.
same() {
  for f in "$1"/*; do cmp -s "$f" "$2/$(basename "$f")" || fail "$(basename "$f") differs: $1 and $2"; done
  [ "$(ls "$1")" = "$(ls "$2")" ] || fail "different files in $1 and $2"
}
# stops WHAT MESSAGE COMMAND...: the command exits with status 2 and says
# MESSAGE (a grep pattern) once on stderr, however many processes it runs.
stops() {
  what=$1 message=$2
  shift 2
  "$@" > /dev/null 2> "$work/stderr.txt"
  status=$?
  [ $status -eq 2 ] || fail "$what: exit status $status, expected 2"
  [ "$(grep -c "$message" "$work/stderr.txt")" = 1 ] || fail "not one message: $(cat "$work/stderr.txt")"
}
