// The seed's script style: the flow deploys itself. In a pnpm project, the client and the
// storage it needs resolve from this project (its strict node_modules), not from core's.
import { flow } from '../flows/hello.mts';

console.log(await flow.deploy('Journey', { setScheduleActive: false }));
