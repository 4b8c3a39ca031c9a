/**
 * What `netlint init` writes. Each file's whole content is one template here, so a change to the
 * config keys or the recommended setup is a change to one string.
 */

/** The starter config: every top-level key, with the stock values, and a comment saying what it is for. */
export const netlintrcTemplate = `# netlint configuration (netlint finds it from the working directory upwards).
# Rule severities: off, warn or error; \`netlint rules\` lists every rule.
rules:
  selector-no-match: error

# Globs of files netlint does not lint.
ignore: []

# Namespace of objects without metadata.namespace (default: the input's only namespace, else default).
# namespace: default

# Facts about the cluster that manifests do not show.
cluster:
  # The cluster domain in DNS names (<service>.<namespace>.svc.<domain>).
  domain: cluster.local
  # Where the cluster DNS pods run, and the labels they carry.
  dns:
    namespace: kube-system
    podLabels:
      k8s-app: kube-dns
`;

/** `.pre-commit-config.yaml` with the recommended hook, pinned to this version. */
export function preCommitTemplate(version: string): string {
  return `repos:
  - repo: https://github.com/netlint/netlint
    rev: v${version}
    hooks:
      - id: netlint-all        # the whole repository as one cluster, when any YAML/JSON changes
        # args: [k8s/]         # lint only these paths (default: .)
`;
}

/** `.github/workflows/netlint.yml`: the action, with its SARIF uploaded to code scanning. */
export function githubWorkflowTemplate(version: string): string {
  return `# netlint on every push and pull request: annotations, a job summary, and code scanning alerts.
name: netlint
on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read
  security-events: write # upload-sarif

jobs:
  netlint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
      - id: netlint
        uses: netlint/netlint@v${version}
        with:
          paths: .       # files, directories or globs, separated by spaces
          fail-on: error # error | warning | never
      - uses: github/codeql-action/upload-sarif@v4
        # Also when netlint failed the step; not from forks, whose token cannot write alerts.
        if: always() && steps.netlint.outputs.sarif-file != '' && (github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository)
        with:
          sarif_file: \${{ steps.netlint.outputs.sarif-file }}
          category: netlint
`;
}
