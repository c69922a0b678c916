"""What the tests and the scripts share, importable without ``sys.path`` edits: never used by a build.

- `project`: the project's root, copying it for a throwaway build, running `mkdocs build`,
  importing a script of ``scripts/`` by path.
- `feeds_server`: the one HTTP(S) server on 127.0.0.1 (tests, benchmarks, screenshots, the audit): one
  route per fixture case, and a built site served beside them the way a static host serves it.
- `synthetic`: made-up feeds and sources files for the benchmarks.
- `browser`: Debian's Chromium through Playwright (the flags the tests and the audit share), and
  `serve_directory`, a built site on that server.
- `measure`: one child process's wall time, CPU time and peak memory.

Playwright and pytest are test dependencies: the modules that need them import them where used.
"""
