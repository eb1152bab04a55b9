// A vitest reporter that prints, after the run, one line per skipped test with the titles that say
// why it skipped (the suites' and the test's titles carry the reason: "(skipped: no chromium …)", or
// the note of ctx.skip(reason)). tests/architecture/skip-reasons.test.ts keeps the titles honest.
export default class SkipReasonsReporter {
  onTestRunEnd(testModules) {
    const lines = [];
    for (const mod of testModules ?? []) {
      for (const test of mod.children.allTests()) {
        const state = test.result()?.state;
        if (state !== 'skipped' && state !== 'pending') continue;
        const names = [];
        for (let p = test.parent; p && p.type === 'suite'; p = p.parent) names.unshift(p.name);
        // (a test that skips itself, ctx.skip(reason), gives its reason as the note)
        const note = test.result()?.note;
        lines.push(`skipped: ${mod.moduleId.replace(process.cwd() + '/', '')} › ${[...names, test.name].join(' › ')}${note ? ` — ${note}` : ''}`);
      }
    }
    if (lines.length) process.stdout.write(`\n${lines.length} skipped test${lines.length === 1 ? '' : 's'}, and why:\n${lines.join('\n')}\n`);
  }
}
