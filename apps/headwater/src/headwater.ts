import { main } from '@headwater/cli';

process.exitCode = await main(process.argv);
