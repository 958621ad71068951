// A flow of an ESM project (`"type": "module"`): its helper is imported as NodeNext spells it.
import { Flow, Parameter, task } from '@headwater/core';
import { greet } from './lib/greet.js';

const hello = task(({ name }: { name: string }) => console.log(greet(name)), { name: 'hello' });

export const flow = new Flow('hello-esm');
flow.add(hello, { name: new Parameter('name', { default: 'ESM' }) });
