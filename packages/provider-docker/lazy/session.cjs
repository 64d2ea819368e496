// dockerode's BuildKit session (it loads @grpc/grpc-js and reads .proto files beside itself), for code that
// bundles dockerode (the CLI, tools/bundle-cli.mjs): required from here, it is dockerode's own file.
module.exports = require('dockerode/lib/session.js');
