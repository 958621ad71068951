import { execFileSync } from 'node:child_process';

/** One "host": a network namespace joined to this one by a veth pair. */
export interface NamespaceHost {
  /** The namespace's name (`ip netns exec <name> …`). */
  name: string;
  /** Its address on the pair, e.g. `10.77.1.2`. */
  address: string;
  /** This side's address on the pair, the namespace's default route, e.g. `10.77.1.1`. */
  gateway: string;
  /** The prefix that runs a command inside it. */
  exec: string[];
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/**
 * Whether namespaces can be made here; `undefined` when they can, else why not (the
 * error of `ip netns add`, e.g. no CAP_SYS_ADMIN).
 */
export function namespacesUnavailable(): string | undefined {
  const probe = `hwprobe${process.pid}`;
  try {
    ip('netns', 'add', probe);
    ip('netns', 'del', probe);
    return undefined;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return `ip netns add failed (${stderr || (error as Error).message}); it needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN).`;
  }
}

/**
 * Makes `count` namespaces, each with loopback up and a veth pair to this namespace on
 * `10.<net>.<i>.0/24` (this side `.1`, the namespace `.2`, its default route), so a
 * process inside reaches every address of this namespace's pairs and nothing else.
 * `remove()` kills what still runs inside them and deletes them (and so their pairs).
 */
export function createNamespaceHosts(count: number, tag: string): { hosts: NamespaceHost[]; remove(): void } {
  const net = 100 + (process.pid % 150);
  const hosts: NamespaceHost[] = [];
  const remove = () => {
    for (const host of hosts) {
      try {
        for (const pid of ip('netns', 'pids', host.name).split('\n').filter(Boolean)) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {}
        }
        ip('netns', 'del', host.name);
      } catch {}
    }
  };
  try {
    for (let i = 1; i <= count; i += 1) {
      const name = `${tag}${process.pid}h${i}`;
      const outside = `${tag}${process.pid % 100000}o${i}`;
      const inside = `${tag}${process.pid % 100000}i${i}`;
      const gateway = `10.${net}.${i}.1`;
      const address = `10.${net}.${i}.2`;
      ip('netns', 'add', name);
      hosts.push({ name, address, gateway, exec: ['ip', 'netns', 'exec', name] });
      ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside);
      ip('link', 'set', inside, 'netns', name);
      ip('addr', 'add', `${gateway}/24`, 'dev', outside);
      ip('link', 'set', outside, 'up');
      ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
      ip('netns', 'exec', name, 'ip', 'addr', 'add', `${address}/24`, 'dev', inside);
      ip('netns', 'exec', name, 'ip', 'link', 'set', inside, 'up');
      ip('netns', 'exec', name, 'ip', 'route', 'add', 'default', 'via', gateway);
    }
  } catch (error) {
    remove();
    throw error;
  }
  return { hosts, remove };
}
