// Assigns an order's units to a set of open sources at the least cost. Each unit costs what its
// source charges per unit and an unserved unit costs the (much larger) unassigned weight, so the
// problem is a weighted max-flow whose source throughputs form a polymatroid: taking sources from
// cheapest to dearest and pushing as much through each as the earlier ones allow (without taking
// throughput away from them) is optimal. When store capacity couples lines, pushing more through
// a source may need an alternating path that reroutes lines among earlier sources.

export interface AssignmentInput {
  demand: readonly number[];
  /** sources in preference order (cheapest unit first); avail[k][i] units of line i at source k */
  avail: readonly (readonly number[])[];
  capacity: readonly number[];
  /** some source cannot pick everything it holds: rerouting may be needed */
  coupled: boolean;
}

export interface Assignment { flows: number[][]; unmet: number[] }

export function assignUnits(input: AssignmentInput): Assignment {
  const L = input.demand.length;
  const K = input.capacity.length;
  const unmet = input.demand.slice();
  const flows: number[][] = [];
  const parentLine = new Int32Array(L);
  const viaSource = new Int32Array(L);
  const visited = new Uint8Array(L);
  const queue = new Int32Array(L);
  let left = 0;
  for (const d of unmet) left += d;

  for (let k = 0; k < K; k++) {
    const avail = input.avail[k];
    const row = new Array<number>(L).fill(0);
    flows.push(row);
    let room = input.capacity[k];
    for (let i = 0; i < L && room > 0; i++) {
      const take = Math.min(avail[i], unmet[i], room);
      row[i] = take; unmet[i] -= take; room -= take; left -= take;
    }
    if (!input.coupled) continue;
    // Alternating paths: k takes more of line i0, an earlier source gives up line i0 and takes
    // line i1 instead, ... until a line with unmet demand absorbs the change.
    while (room > 0 && left > 0) {
      visited.fill(0);
      let head = 0, tail = 0, end = -1;
      for (let i = 0; i < L; i++) if (row[i] < avail[i]) { visited[i] = 1; parentLine[i] = -1; queue[tail++] = i; }
      while (head < tail && end === -1) {
        const i = queue[head++];
        for (let k2 = 0; k2 < k && end === -1; k2++) {
          const r2 = flows[k2];
          if (r2[i] === 0) continue;
          const a2 = input.avail[k2];
          for (let i2 = 0; i2 < L; i2++) {
            if (visited[i2] || r2[i2] >= a2[i2]) continue;
            visited[i2] = 1; parentLine[i2] = i; viaSource[i2] = k2; queue[tail++] = i2;
            if (unmet[i2] > 0) { end = i2; break; }
          }
        }
      }
      if (end === -1) break;
      let delta = Math.min(room, unmet[end]);
      let i = end;
      while (parentLine[i] !== -1) {
        const k2 = viaSource[i], from = parentLine[i];
        delta = Math.min(delta, input.avail[k2][i] - flows[k2][i], flows[k2][from]);
        i = from;
      }
      delta = Math.min(delta, avail[i] - row[i]);
      i = end;
      while (parentLine[i] !== -1) {
        const k2 = viaSource[i], from = parentLine[i];
        flows[k2][i] += delta; flows[k2][from] -= delta;
        i = from;
      }
      row[i] += delta; unmet[end] -= delta; room -= delta; left -= delta;
    }
  }
  return { flows, unmet };
}
