/**
 * `llmcap sweep k8s`: the Kubernetes objects that run a sweep as an Indexed Job on a cluster the user
 * already has — a ConfigMap holding the scenario and the grid, the Job (completions = the number of
 * shards, written in: a pod sees only its own JOB_COMPLETION_INDEX), and a small pod to copy the
 * results off the volume. Built as kubernetes-models objects and validated against the Kubernetes
 * schema by that package before anything is written. Pure (returns the YAML text).
 */
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { stringify } from 'yaml';
import { InputError } from '../../core/errors.js';

/** Where the ConfigMap is mounted in every pod. */
export const INPUT_MOUNT = '/input';

export interface IndexedJobSpec {
  /** Job name (DNS-1123 label); the ConfigMap and the fetch pod are named after it. */
  readonly name: string;
  readonly namespace?: string;
  readonly image: string;
  readonly shards: number;
  /** Pods running at once (default: every shard). */
  readonly parallelism?: number;
  /** Worker threads per pod; also the pod's CPU request. */
  readonly workers: number;
  /** Memory request and limit per pod, e.g. '4Gi'. */
  readonly memory: string;
  /** PersistentVolumeClaim the shards write to (ReadWriteMany so every pod mounts it). */
  readonly claim: string;
  readonly mountPath: string;
  /** The sweep's --out inside the pods (under mountPath). */
  readonly outPath: string;
  readonly scenarioText: string;
  readonly gridText: string;
  /** A designs file the grid names (put beside it in the ConfigMap). */
  readonly designsText?: string;
  /** Further `llmcap sweep` arguments (--validate, --solver …), already checked. */
  readonly sweepArgs: readonly string[];
}

export interface IndexedJobManifests {
  /** ConfigMap + Job, for `kubectl apply -f`. */
  readonly job: string;
  /** A pod that mounts the volume read-only, for `kubectl cp`. */
  readonly fetchPod: string;
}

// The image runs as the node user (uid/gid 1000); fsGroup makes the mounted volume writable to it.
const RUN_AS_NODE = { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 };

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// An Indexed Job's pods are named <job>-<index>-<random 5>; keep room for that within 63 characters.
const MAX_JOB_NAME = 48;

/** 'day' → 'llmcap-sweep-day'; any other name made a DNS label. */
export function jobNameFor(scenarioName: string): string {
  const cleaned = `llmcap-sweep-${scenarioName}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  return cleaned.slice(0, MAX_JOB_NAME).replace(/-$/, '');
}

function check(spec: IndexedJobSpec): void {
  const problems = [];
  if (!DNS_LABEL.test(spec.name) || spec.name.length > MAX_JOB_NAME) problems.push({ field: '--name', message: `'${spec.name}' is not a valid Job name`, fix: `use lowercase letters, digits and '-', at most ${MAX_JOB_NAME} characters, starting and ending with a letter or digit` });
  if (!spec.mountPath.startsWith('/')) problems.push({ field: '--mount', message: `'${spec.mountPath}' is not an absolute path`, fix: 'write e.g. /data' });
  if (!(spec.outPath === spec.mountPath || spec.outPath.startsWith(`${spec.mountPath.replace(/\/$/, '')}/`))) problems.push({ field: '--out-path', message: `'${spec.outPath}' is not on the volume mounted at ${spec.mountPath}`, fix: `write a path under ${spec.mountPath}, e.g. ${spec.mountPath}/${spec.name}` });
  if (spec.image.trim() === '' || /\s/.test(spec.image)) problems.push({ field: '--image', message: `'${spec.image}' is not an image reference`, fix: 'write e.g. registry.example.com/llmcap:0.1.0' });
  if (problems.length > 0) throw new InputError(problems);
}

export function indexedJobManifests(spec: IndexedJobSpec): IndexedJobManifests {
  check(spec);
  const labels = { 'app.kubernetes.io/name': 'llmcap', 'app.kubernetes.io/component': 'sweep', 'llmcap.dev/sweep': spec.name };
  const meta = (name: string) => ({ name, ...(spec.namespace ? { namespace: spec.namespace } : {}), labels });
  const inputName = `${spec.name}-input`;
  const configMap = new ConfigMap({
    metadata: meta(inputName),
    data: { 'scenario.yaml': spec.scenarioText, 'grid.yaml': spec.gridText, ...(spec.designsText !== undefined ? { 'designs.yaml': spec.designsText } : {}) },
  });
  const volumes = [
    { name: 'input', configMap: { name: inputName } },
    { name: 'output', persistentVolumeClaim: { claimName: spec.claim } },
  ];
  const job = new Job({
    metadata: meta(spec.name),
    spec: {
      completionMode: 'Indexed',
      completions: spec.shards,
      parallelism: Math.min(spec.parallelism ?? spec.shards, spec.shards),
      // Pod failures allowed over the whole Job; a replaced pod resumes its shard from the volume.
      backoffLimit: Math.max(6, 2 * spec.shards),
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          securityContext: RUN_AS_NODE,
          containers: [{
            name: 'sweep',
            image: spec.image,
            args: [
              'sweep',
              '--scenario', `${INPUT_MOUNT}/scenario.yaml`,
              '--grid', `${INPUT_MOUNT}/grid.yaml`,
              '--out', spec.outPath,
              // The shard index comes from JOB_COMPLETION_INDEX; the count is written here.
              '--shards', String(spec.shards),
              '--workers', String(spec.workers),
              ...spec.sweepArgs,
            ],
            resources: { requests: { cpu: String(spec.workers), memory: spec.memory }, limits: { memory: spec.memory } },
            volumeMounts: [
              { name: 'input', mountPath: INPUT_MOUNT, readOnly: true },
              { name: 'output', mountPath: spec.mountPath },
            ],
          }],
          volumes,
        },
      },
    },
  });
  const fetchPod = new Pod({
    metadata: meta(`${spec.name}-fetch`),
    spec: {
      restartPolicy: 'Never',
      securityContext: RUN_AS_NODE,
      containers: [{ name: 'fetch', image: spec.image, command: ['sleep', '3600'], volumeMounts: [{ name: 'output', mountPath: spec.mountPath, readOnly: true }] }],
      volumes: [{ name: 'output', persistentVolumeClaim: { claimName: spec.claim, readOnly: true } }],
    },
  });
  for (const object of [configMap, job, fetchPod]) object.validate();
  const yaml = (o: { toJSON(): unknown }) => stringify(o.toJSON(), { lineWidth: 0 });
  return { job: `${yaml(configMap)}---\n${yaml(job)}`, fetchPod: yaml(fetchPod) };
}
