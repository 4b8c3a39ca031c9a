/**
 * netlint's own package.json, read once: the version (`--version`, SARIF) and the URLs that
 * SARIF and `netlint rules` link to. Forks and mirrors change `homepage` and `repository` there,
 * and every link follows.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  readonly version: string;
  /** The project's home page (SARIF `tool.driver.informationUri`). */
  readonly homepage: string;
  /** The repository's web address, without `git+` or `.git` (rule pages live below it). */
  readonly repositoryUrl: string;
}

interface PackageJson {
  name?: string;
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

/**
 * netlint's package.json: the nearest one named netlint above this module, which is `src/`,
 * `dist/` or the Action's bundle in `action/bundle/`.
 */
function readManifest(): PackageJson {
  return JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as PackageJson;
}

let root: string | undefined;

/** The folder of netlint's package.json (the executable is a bundle, so paths from a module mislead). */
export function packageRoot(): string {
  if (root) return root;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (existsSync(path) && (JSON.parse(readFileSync(path, 'utf8')) as PackageJson).name === 'netlint') return (root = dir);
    if (dirname(dir) === dir) throw new Error('netlint: cannot find its own package.json');
  }
}

export function packageInfo(): PackageInfo {
  if (cached) return cached;
  const manifest = readManifest();
  const repositoryUrl = webAddress(manifest.repository) ?? manifest.homepage?.replace(/#.*$/, '') ?? '';
  cached = { version: manifest.version, homepage: manifest.homepage ?? repositoryUrl, repositoryUrl };
  return cached;
}

/** The documentation page of a rule (generated into docs/rules by `npm run gen`). */
export function ruleDocUri(id: string): string {
  return `${packageInfo().repositoryUrl}/blob/main/docs/rules/${id}.md`;
}

/** Where a rule is documented: netlint's page for a built-in rule, the plugin's own `docs.url` (if any) for a plugin rule. */
export function ruleHelpUri(rule: { readonly id: string; readonly plugin?: unknown; readonly docs: { readonly url?: string } }): string | undefined {
  return rule.plugin ? rule.docs.url : ruleDocUri(rule.id);
}
