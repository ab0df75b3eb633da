// The Shipshape policy check as a cdk8s validation plugin. In cdk8s.yaml:
//   validations:
//     - package: ./node_modules/shipshape/bin/cdk8s-validation.js
//       version: <the installed version>
//       class: ShipshapeValidation
// cdk8s-cli loads it by path, so nothing is installed from the registry.
module.exports = require('./load')('lib/policy/plugin');
