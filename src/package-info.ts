/**
 * netlint's own package.json, read once: the version (`--version`, SARIF) and the URLs that
 * SARIF and `netlint rules` link to. Forks and mirrors change `homepage` and `repository` there,
 * and every link follows.
 */
import { readFileSync } from 'node:fs';

export interface PackageInfo {
  readonly version: string;
  /** The project's home page (SARIF `tool.driver.informationUri`). */
  readonly homepage: string;
  /** The repository's web address, without `git+` or `.git` (rule pages live below it). */
  readonly repositoryUrl: string;
}

interface PackageJson {
  version: string;
  homepage?: string;
  repository?: string | { url?: string };
}

let cached: PackageInfo | undefined;

/** `git+https://github.com/o/r.git` → `https://github.com/o/r`. */
function webAddress(repository: PackageJson['repository']): string | undefined {
  const url = typeof repository === 'string' ? repository : repository?.url;
  return url?.replace(/^git\+/, '').replace(/\.git$/, '');
}

export function packageInfo(): PackageInfo {
  if (cached) return cached;
  // One level up from both src/ and dist/.
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as PackageJson;
  const repositoryUrl = webAddress(manifest.repository) ?? manifest.homepage?.replace(/#.*$/, '') ?? '';
  cached = { version: manifest.version, homepage: manifest.homepage ?? repositoryUrl, repositoryUrl };
  return cached;
}

/** The documentation page of a rule (generated into docs/rules by `npm run gen`). */
export function ruleDocUri(id: string): string {
  return `${packageInfo().repositoryUrl}/blob/main/docs/rules/${id}.md`;
}
