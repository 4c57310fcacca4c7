/**
 * The Dockerfile of the image the sweep's pods run: Node 20 and llmcap from the package tarball
 * `npm pack` makes (dist/, profiles/, scenarios/), its production dependencies installed with
 * `npm ci` from the repository's package-lock.json — so the image gets the tested versions and the
 * package's overrides, which an `npm install` of the tarball would not apply. Not built on the
 * machine this was written on (no Docker there): its install steps were run by hand (docs/sweep.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LLMCAP_VERSION } from '../../report/toSummaryJson.js';

/** The file `npm pack` writes for this version. */
export const PACKAGE_TARBALL = `llmcap-${LLMCAP_VERSION}.tgz`;
export const LOCKFILE = 'package-lock.json';

/** The repository's package-lock.json, when llmcap runs from a checkout (a package install has none). */
export function packageLockfile(): string | undefined {
  // src/sweep/k8s/ and dist/sweep/k8s/ both sit three levels below the package root.
  const path = fileURLToPath(new URL(`../../../${LOCKFILE}`, import.meta.url));
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

export function sweepDockerfile(): string {
  return [
    '# The llmcap image for `llmcap sweep` on Kubernetes (written by `llmcap sweep k8s`, docs/sweep.md).',
    `# This directory needs ${PACKAGE_TARBALL} and ${LOCKFILE}; in the llmcap repository:`,
    '#   npm pack --pack-destination <this directory>',
    `#   cp ${LOCKFILE} <this directory>      (written here already when llmcap ran from a checkout)`,
    `#   docker build -t <registry>/llmcap:${LLMCAP_VERSION} <this directory>`,
    'FROM node:20-bookworm-slim',
    'ENV NODE_ENV=production',
    'WORKDIR /opt/llmcap',
    `COPY ${PACKAGE_TARBALL} ${LOCKFILE} /tmp/`,
    `RUN tar -xzf /tmp/${PACKAGE_TARBALL} --strip-components=1 -C /opt/llmcap \\`,
    `    && cp /tmp/${LOCKFILE} /opt/llmcap/ \\`,
    '    && npm ci --omit=dev --ignore-scripts --no-audit --no-fund \\',
    `    && rm /tmp/${PACKAGE_TARBALL} /tmp/${LOCKFILE} && npm cache clean --force`,
    'USER node',
    'WORKDIR /home/node',
    'ENTRYPOINT ["node", "/opt/llmcap/bin/llmcap.js"]',
    'CMD ["--help"]',
    '',
  ].join('\n');
}
