#!/bin/sh
# `npm start` and the last step of `npm run demo`: runs the built server in this process (exec, so
# a supervisor's signals reach Node itself).
#
# glibc gives each thread that allocates its own malloc arena (up to eight per core) and keeps what
# they free for later. The server allocates in threads of its own (the event loop, the SQLite
# read thread, the request log's worker, the document thread once it renders or builds a PDF)
# besides V8's; under a creation load their arenas held 10-19 MB more resident memory than two
# arenas do, for no CPU measured (docs/PERFORMANCE.md, session 24). An operator's own MALLOC_ARENA_MAX wins; other C libraries ignore the variable.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec node "$(dirname "$0")/../dist/server.js" "$@"
