// What the simulated container runtime knows about images: data, not code. Each entry says how a
// container of that image behaves. The containers-and-probes work extends the catalog (answers
// on ports over time, logs, exits); this is the part the basic pod lifecycle needs.

export interface ImageBehaviour {
  /** Reported in the `Pulled` event, as containerd reports the unpacked size. */
  sizeBytes: number;
  /**
   * Whether the main process exits on SIGTERM. A process running as PID 1 without a handler
   * (a node server, a shell script) ignores it and is killed with SIGKILL (exit 137) when the
   * grace period ends.
   */
  handlesSigterm: boolean;
}

const DEFAULT_BEHAVIOUR: ImageBehaviour = { sizeBytes: 10_000_000, handlesSigterm: true };

/** Keys are repositories without tag or digest; `docker.io/library/` and `docker.io/` are stripped. */
export const IMAGE_CATALOG: Readonly<Record<string, ImageBehaviour>> = {
  'luksa/kubia': { sizeBytes: 660_092_648, handlesSigterm: false },
  'idealism/kubia': { sizeBytes: 660_092_648, handlesSigterm: false },
  'luksa/kubia-unhealthy': { sizeBytes: 660_092_656, handlesSigterm: false },
  'idealism/kubia-unhealthy': { sizeBytes: 660_092_656, handlesSigterm: false },
  'luksa/batch-job': { sizeBytes: 1_231_512, handlesSigterm: false },
  'idealism/batch-job': { sizeBytes: 1_231_512, handlesSigterm: false },
  'luksa/ssd-monitor': { sizeBytes: 1_231_512, handlesSigterm: false },
  'idealism/ssd-monitor': { sizeBytes: 1_231_512, handlesSigterm: false },
  nginx: { sizeBytes: 72_195_292, handlesSigterm: true },
  busybox: { sizeBytes: 4_269_694, handlesSigterm: false },
};

/** `docker.io/library/nginx:1.27` → `nginx`. */
export function imageRepository(image: string): string {
  let s = image.split('@')[0];
  const lastSlash = s.lastIndexOf('/');
  const colon = s.lastIndexOf(':');
  if (colon > lastSlash) s = s.slice(0, colon);
  return s.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '');
}

export function imageBehaviour(image: string): ImageBehaviour {
  return IMAGE_CATALOG[imageRepository(image)] ?? DEFAULT_BEHAVIOUR;
}
