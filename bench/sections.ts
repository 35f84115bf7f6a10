// Every benchmark section, in the order they run. A new measurement (hook round trip, audit
// append, proxy latency, ...) is one more Section here.
import { auditAppendSection } from './audit-append-bench.js';
import { auditQuerySection } from './audit-query-bench.js';
import { detectionSection } from './detection-bench.js';
import { engineSection } from './engine-bench.js';
import { fleetSection } from './fleet-bench.js';
import { hookSection } from './hook-bench.js';
import { hookClientSection } from './hook-client-bench.js';
import { mcpGatewaySection } from './mcp-gateway-bench.js';
import { mcpProxySection } from './mcp-proxy-bench.js';
import { policyLoadSection } from './policy-load-bench.js';
import { serverSection } from './server-bench.js';
import type { Section } from './section.js';

export const SECTIONS: readonly Section[] = [engineSection, policyLoadSection, detectionSection, auditAppendSection, auditQuerySection, hookSection, hookClientSection, mcpProxySection, mcpGatewaySection, serverSection, fleetSection];
