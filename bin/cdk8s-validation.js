// Entry point that cdk8s-cli loads from cdk8s.yaml (`validations:`). The CLI runs plain Node, so the
// TypeScript loader is registered here before the plugin source is required.
require('./register');
module.exports = require('../lib/policy/plugin.ts');
