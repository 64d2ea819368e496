// dockerode's BuildKit status decoder (protobufjs and a .proto file beside itself), for code that bundles
// dockerode (the CLI, tools/bundle-cli.mjs): required from here, it is dockerode's own file.
module.exports = require('dockerode/lib/buildkit.js');
