import { App, Chart } from 'cdk8s';
import { buildShop } from './shop';

// The example stack `npm run synth` writes to dist/: one file per chart.
const app = new App();
buildShop(new Chart(app, 'shop-prod', { namespace: 'shop-prod' }), { replicas: 3, preset: 'medium', host: 'shop.example.com' });
app.synth();
