import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
const app = new App();
const c = new Chart(app, 'x');
new kplus.Deployment(c, 'd', { containers: [{ image: 'nginx:1.2' }] });
app.synth();
