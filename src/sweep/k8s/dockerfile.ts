/**
 * The Dockerfile of the image the sweep's pods run: Node 20 and llmcap installed from the package
 * tarball `npm pack` makes (dist/, profiles/, scenarios/ and the production dependencies), with
 * `llmcap` as the entrypoint. Not built on the machine this was written on (it has no Docker): its
 * steps are those of an `npm install --global` of the tarball, which docs/sweep.md shows working.
 */
import { LLMCAP_VERSION } from '../../report/toSummaryJson.js';

/** The file `npm pack` writes for this version. */
export const PACKAGE_TARBALL = `llmcap-${LLMCAP_VERSION}.tgz`;

export function sweepDockerfile(): string {
  return [
    '# The llmcap image for `llmcap sweep` on Kubernetes (written by `llmcap sweep k8s`).',
    '# Build it from this directory after packing llmcap into it (run in the llmcap repository):',
    '#   npm pack --pack-destination <this directory>',
    '#   docker build -t <registry>/llmcap:' + LLMCAP_VERSION + ' <this directory>',
    'FROM node:20-bookworm-slim',
    'ENV NODE_ENV=production',
    `COPY ${PACKAGE_TARBALL} /tmp/${PACKAGE_TARBALL}`,
    `RUN npm install --global --omit=dev --no-audit --no-fund /tmp/${PACKAGE_TARBALL} \\`,
    `    && rm /tmp/${PACKAGE_TARBALL} && npm cache clean --force`,
    'USER node',
    'WORKDIR /home/node',
    'ENTRYPOINT ["llmcap"]',
    'CMD ["--help"]',
    '',
  ].join('\n');
}
