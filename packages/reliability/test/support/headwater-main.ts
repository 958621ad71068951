/**
 * The `headwater` CLI from the workspace's sources (no build needed):
 * `node --conditions=@headwater/source --import tsx headwater-main.ts <args>`.
 */
import { main } from '@headwater/cli';

process.exitCode = await main(process.argv);
