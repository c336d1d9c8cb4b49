#!/usr/bin/env bash
# Runs the Wails CLI (its command line is the arguments) and passes its output
# on, stdout and stderr merged, without the pairs of lines Wails v2.9.2 prints
# for every struct field of the bound types while it generates the bindings:
# "KnownStructs: <every bound struct>" and then the field's type name (a
# println left in its internal/typescriptify, run by our own main built with
# the bindings tag). Every other line and the CLI's exit status are kept.
set -uo pipefail
"$@" 2>&1 | awk '
  # The first pair starts on the line of "Generating bindings: ", after the
  # date and colour of the log line Wails wraps the bindings output in:
  # keep what comes before it.
  /KnownStructs: / {
    line = $0
    sub(/([0-9]+\/[0-9]+\/[0-9]+ [0-9:]+ )?(\033\[[0-9;]*m)?KnownStructs: .*/, "", line)
    printf "%s", line
    fflush()
    name = 1    # the type name line comes next
    dropped = 1
    next
  }
  name { name = 0; next }
  # The colour reset closing the log line: "Done." stays on the line of
  # "Generating bindings: " when nothing else was printed.
  dropped && $0 == "\033[0m" { printf "%s", $0; dropped = 0; fflush(); next }
  { dropped = 0; print; fflush() }
'
