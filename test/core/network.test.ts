import { CronTask, StatefulDatabase, WebApp } from '../../lib';
import { Manifest } from '../../lib/manifests/manifest';
import { expectValidOutput, single, synthObjects, testChart } from '../support/manifests';

/* eslint-disable @typescript-eslint/no-explicit-any */
const policyOf = (objects: Manifest[], name: string): any => single(objects, 'NetworkPolicy', name);

describe('declared egress', () => {
  test('adds an ipBlock rule per destination after the DNS rule', () => {
    const chart = testChart('shop');
    new WebApp(chart, 'api', {
      name: 'api', image: 'ghcr.io/acme/api:1.4.2', port: 8080,
      egress: [
        { cidr: '203.0.113.10/32', ports: [{ port: 443 }] },
        { cidr: '10.0.0.0/8', except: ['10.96.0.0/12'], ports: [{ port: 5432 }, { port: 53, protocol: 'UDP' }] },
      ],
    });
    const objects = synthObjects(chart);
    expectValidOutput(objects);
    expect(policyOf(objects, 'api').spec.egress.slice(1)).toEqual([
      { to: [{ ipBlock: { cidr: '203.0.113.10/32' } }], ports: [{ protocol: 'TCP', port: 443 }] },
      { to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.96.0.0/12'] } }], ports: [{ protocol: 'TCP', port: 5432 }, { protocol: 'UDP', port: 53 }] },
    ]);
  });

  test('is taken by every workload, batch and stateful ones too', () => {
    const chart = testChart('shop');
    const egress = [{ cidr: '2001:db8::/32', ports: [{ port: 443 }] }];
    new CronTask(chart, 'report', { name: 'report', image: 'ghcr.io/acme/report:1.0.0', schedule: '@daily', egress });
    new StatefulDatabase(chart, 'db', { name: 'db', engine: 'postgres', image: 'postgres:16.4', credentials: { secret: 'db' }, egress });
    const objects = synthObjects(chart);
    for (const name of ['report', 'db']) {
      expect(policyOf(objects, name).spec.egress[1]).toEqual({ to: [{ ipBlock: { cidr: '2001:db8::/32' } }], ports: [{ protocol: 'TCP', port: 443 }] });
    }
  });

  test.each([
    [{ cidr: '10.0.0.0', ports: [{ port: 443 }] }, 'test/api: egress[0].cidr must be a CIDR block such as \'10.0.0.0/8\' or \'2001:db8::/32\', got \'10.0.0.0\''],
    [{ cidr: '300.0.0.0/8', ports: [{ port: 443 }] }, 'test/api: egress[0].cidr must be a CIDR block'],
    [{ cidr: '10.0.0.0/8', except: ['10.1.0.0'], ports: [{ port: 443 }] }, 'test/api: egress[0].except[0] must be a CIDR block'],
    [{ cidr: '10.0.0.0/8', ports: [] }, 'test/api: egress[0].ports must be at least one port, got []'],
    [{ cidr: '10.0.0.0/8', ports: [{ port: 0 }] }, 'test/api: egress[0].ports[0].port must be an integer from 1 to 65535, got 0'],
    [{ cidr: '10.0.0.0/8', ports: [{ port: 443, protocol: 'ICMP' as never }] }, 'test/api: egress[0].ports[0].protocol must be one of \'TCP\', \'UDP\', got \'ICMP\''],
  ])('rejects %j', (rule, message) => {
    expect(() => new WebApp(testChart(), 'api', { name: 'api', image: 'ghcr.io/acme/api:1.4.2', port: 8080, egress: [rule] })).toThrow(message);
  });
});
