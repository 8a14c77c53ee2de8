/**
 * The libSQL server image and its health check, as pure values (tests run them).
 *
 * `digest` pins the upstream image: `docker buildx imagetools inspect <repository>:<tag>` prints
 * it. With a digest the build uses exactly that image whatever the tag later points at.
 */
export const sqldImage = {
  repository: "ghcr.io/tursodatabase/libsql-server",
  tag: "v0.24.32",
  digest: undefined as string | undefined,
};

export function sqldImageReference(image: typeof sqldImage = sqldImage): string {
  if (image.digest !== undefined && !/^sha256:[0-9a-f]{64}$/.test(image.digest)) {
    throw new Error(`sqld image digest must be sha256:<64 hex digits>, got "${image.digest}"`);
  }
  return `${image.repository}:${image.tag}${image.digest ? `@${image.digest}` : ""}`;
}

export const sqldPort = 8080;

/**
 * ECS's health check of the sqld container: `GET /health` over bash's /dev/tcp, because the
 * image (Debian slim) has bash but no curl or wget. Healthy only on an HTTP 200 status line.
 */
export function sqldHealthCommand(port: number = sqldPort): string[] {
  const script = [
    `exec 3<>/dev/tcp/127.0.0.1/${port}`,
    `printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3`,
    `read -r -t 4 status <&3`,
    `case "$status" in "HTTP/1."[01]" 200"*) exit 0;; *) exit 1;; esac`,
  ].join(" && ");
  return ["CMD", "bash", "-c", script];
}
