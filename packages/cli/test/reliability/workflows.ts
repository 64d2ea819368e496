/** The workflows the reliability suite interrupts, kills and cuts off (each a file tree for `useRepos`). */

const head = 'version: v1\ndefault:\n  target: linux\n';

/** A file secret (env://, `file: true`) a job holds while it runs: what an interrupt or a kill must not leave
 * on disk (`secretFilesOf`). `startRun` passes its value. */
const fileSecret = `  secrets:
    REL_TOKEN:
      ref: env://LOOM_REL_SECRET
      file: true
`;

/** Three Docker jobs at once (one holding a file secret), then one more stage. */
export const dockerParallel = {
  '.loom/workflow.yml': `${head}stages: [one, two]
a:
  stage: one
  image: loom-local/busybox
${fileSecret}  script: [sleep 30]
b:
  stage: one
  image: loom-local/busybox
  script: [sleep 30]
c:
  stage: one
  image: loom-local/busybox
  script: [sleep 30]
d:
  stage: two
  image: loom-local/busybox
  script: [sleep 2]
`,
};

/** A Docker job with a sidecar (busybox httpd on the job network). */
export const dockerService = {
  '.loom/workflow.yml': `${head}stages: [one]
with-service:
  stage: one
  image: loom-local/busybox
  services:
    - name: loom-local/busybox
      alias: web
      command: [httpd, -f, -p, '8080']
  script: [sleep 30]
`,
};

/** A job whose image is built by the run: interrupted while the build's RUN step sleeps (a new nonce per
 * repository, so the builder's cache never skips the step). */
export const dockerBuild = (): Record<string, string> => ({
  '.loom/workflow.yml': `${head}stages: [one]
built:
  stage: one
  image:
    name: loom-reliability/built:latest
    build:
      context: docker
      dockerfile: docker/Dockerfile
  script: [sleep 30]
`,
  'docker/Dockerfile': `FROM loom-local/busybox:latest\nRUN echo ${Math.random()} && sleep 20\n`,
});

/** Host jobs that leave background processes behind, one of them in its own session; one holds a file secret. */
export const hostBackground = {
  '.loom/workflow.yml': `${head}stages: [one, two]
bg:
  stage: one
${fileSecret}  script:
    - sleep 300 &
    - setsid sleep 302 >/dev/null 2>&1 &
    - sleep 30
after:
  stage: two
  script: ['true']
`,
};

/** A host job that finishes, having started background processes (`sleep 300 &` holds its output). */
export const hostLeftBehind = {
  '.loom/workflow.yml': `${head}stages: [one]
bg:
  stage: one
  script:
    - sleep 300 &
    - setsid sleep 302 >/dev/null 2>&1 &
    - sh -c '(sleep 303 &) &'
    - echo done
`,
};

export const hostOnly = {
  '.loom/workflow.yml': `${head}stages: [one]
quick:
  stage: one
  script: ['true']
`,
};
