// Many Lighthouse runs from one Node process, for `scripts/audit.py`:
//
//     node scripts/lighthouse_runs.mjs plan.json
//
// plan.json: {"chromePath": "/usr/bin/chromium", "chromeFlags": [...], "categories": [...],
//             "runs": [{"url": "http://127.0.0.1:.../", "out": "/tmp/.../run-0.json"}, ...]}
//
// Why not the `lighthouse` command once per run: each call starts Node and loads Lighthouse again
// and then lingers before exiting, about 5 s of a 12 s run on our 2-core machines (12 runs per
// audit). Here every run still gets a fresh Chromium and a fresh profile, as the command gives it,
// so runs stay independent; only Node and Lighthouse are loaded once.
//
// Each run writes Lighthouse's JSON report (its "lhr") to its "out" file, or {"error": "..."}
// when that run failed; the other runs go on. The exit status is 0 unless the plan can't be read.
import { readFileSync, writeFileSync } from "node:fs";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));

async function runOnce(url) {
  const chrome = await chromeLauncher.launch({ chromePath: plan.chromePath, chromeFlags: plan.chromeFlags });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: plan.categories,
      // The full-page screenshot is for Lighthouse's HTML viewer, which we don't write: about 1.2 s a run.
      disableFullPageScreenshot: true,
    });
    if (!result) throw new Error("Lighthouse returned no result");
    return result.lhr;
  } finally {
    await chrome.kill();
  }
}

for (const run of plan.runs) {
  let report;
  try {
    report = await runOnce(run.url);
  } catch (error) {
    report = { error: String(error && error.stack ? error.stack : error).slice(0, 2000) };
  }
  writeFileSync(run.out, JSON.stringify(report));
}
// Lighthouse leaves timers behind that would keep Node alive for seconds after the last run.
process.exit(0);
