// docker-modem's ssh:// transport (ssh2, with optional native parts), for code that bundles dockerode (the
// CLI, tools/bundle-cli.mjs): docker-modem is dockerode's dependency, so it is required from dockerode's folder.
const { createRequire } = require('node:module');

module.exports = createRequire(require.resolve('dockerode'))('docker-modem/lib/ssh.js');
