import { ApiError } from '../errors/api-error.js';

/**
 * Runs a service's version-locked write; when another writer (a replica, the run itself) won
 * the race, or the run is gone, resolves to `false` (skip that run) instead of failing the pass.
 */
export async function unlessRaceLost(write: () => Promise<boolean>): Promise<boolean> {
  try {
    return await write();
  } catch (error) {
    if (ApiError.isInstance(error) && (error.code === 'VERSION_LOCKING_ERROR' || error.code === 'NOT_FOUND'))
      return false;
    throw error;
  }
}
