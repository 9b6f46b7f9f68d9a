/** Day arithmetic on ISO dates; the generator works in whole UTC days from the world's asOf. */
const DAY_MS = 86_400_000;

export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(isoDate.slice(0, 10) + 'T00:00:00.000Z') + days * DAY_MS).toISOString().slice(0, 10);
}

export function addSeconds(isoTime: string, seconds: number): string {
  return new Date(Date.parse(isoTime) + seconds * 1000).toISOString();
}
