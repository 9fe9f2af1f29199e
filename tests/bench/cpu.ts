import { readdirSync, readFileSync } from 'node:fs'

/**
 * CPU seconds (user + system) used so far by the process `pid`, read from /proc (Linux); undefined
 * where /proc is missing or the process is gone.
 */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    // Fields after "(comm) ": state is field 3 of stat; utime and stime are 14 and 15, in clock ticks (100 a second).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return undefined
  }
}

/** CPU seconds used so far by every process whose command name is `name` (e.g. all Postgres backends). */
export function cpuSecondsOfAll(name: string): number | undefined {
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))
  } catch {
    return undefined
  }
  let total = 0
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== name) continue
    } catch {
      continue
    }
    total += cpuSecondsOf(Number(pid)) ?? 0
  }
  return total
}

/** CPU seconds used so far by this process. */
export const ownCpuSeconds = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1e6
}
