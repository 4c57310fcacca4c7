/** Tasks for the pool tests: one a worker preloads as it starts, one that says whether it ran in this thread. */
const marks = new Set<string>();

export async function mark(): Promise<void> {
  marks.add('preloaded');
}

export async function marked(): Promise<boolean> {
  return marks.has('preloaded');
}
