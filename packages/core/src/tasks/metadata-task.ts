import { MetadataOnlyError } from '../errors/metadata-only-error.js';
import { Task } from './task.js';

/** A task loaded from a serialized flow: all of its metadata, none of its code. */
export class MetadataTask extends Task<Record<string, unknown>, unknown> {
  run(): never {
    throw new MetadataOnlyError({ operation: `run task "${this.slug ?? this.name}"` });
  }
}
