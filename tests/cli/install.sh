#!/bin/sh
# `cmake --install` into a temporary prefix puts cisim, its man page and its
# bash completion in place (issue 22); the man page has a section per
# subcommand, and the completion script parses and completes subcommands and
# options of the installed binary.
set -u
build=$1 work=$2
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log" 2>&1 || { cat "$work/install.log"; fail "cmake --install"; }
p=$work/prefix
[ -x "$p/bin/cisim" ] || fail "no bin/cisim"
man=$p/share/man/man1/cisim.1
completion=$p/share/bash-completion/completions/cisim
[ -s "$man" ] || fail "no share/man/man1/cisim.1"
[ -s "$completion" ] || fail "no share/bash-completion/completions/cisim"
grep -q '^\.SH COMMANDS' "$man" || fail "the man page has no COMMANDS section"
for c in engines run mc validate sensitivity; do
  grep -q "^\.SS \"cisim $c\"" "$man" || fail "the man page has no section for cisim $c"
done
grep -q 'cisim validate' "$man" || fail "the man page lacks the validate example"
if command -v man > /dev/null 2>&1; then
  MANWIDTH=80 man -l "$man" > "$work/man.txt" 2> "$work/man.err" || fail "man -l cisim.1: $(cat "$work/man.err")"
  grep -q 'critical-infrastructure interdependency simulator' "$work/man.txt" || fail "man -l: no NAME line"
fi
bash -n "$completion" || fail "bash -n on the completion script"
complete_words() {
  PATH="$p/bin:$PATH" bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _cisim; printf "%s\n" "${COMPREPLY[@]}"' \
    sh "$completion" "$@"
}
[ "$(complete_words cisim val)" = validate ] || fail "cisim val<TAB>: $(complete_words cisim val)"
complete_words cisim run --js | grep -qx -- --json || fail "cisim run --js<TAB>: $(complete_words cisim run --js)"
complete_words cisim mc -q --thr | grep -qx -- --threads || fail "cisim mc -q --thr<TAB>"
complete_words cisim help sen | grep -qx sensitivity || fail "cisim help sen<TAB>"
complete_words cisim run x.json --engine "" | grep -qx cascade || fail "cisim run --engine <TAB>"
complete_words cisim validate --j | grep -q . && fail "cisim validate has no --j... option: $(complete_words cisim validate --j)"
echo "ok"
