// Loaded with `node --import` by test/bad-input.test.ts: writes the process's peak resident set
// size (KiB) to the file NETLINT_TEST_RSS_FILE names when it exits, however it exits normally.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.NETLINT_TEST_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS));
});
