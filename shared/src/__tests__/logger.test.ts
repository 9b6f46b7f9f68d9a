import { prettyLogsWanted } from '../logger';

describe('prettyLogsWanted', () => {
  it('pretty for development at a terminal, JSON otherwise; LOG_FORMAT decides when set', () => {
    expect(prettyLogsWanted('development', {}, true)).toBe(true);
    expect(prettyLogsWanted('development', {}, false)).toBe(false);
    expect(prettyLogsWanted('production', {}, true)).toBe(false);
    expect(prettyLogsWanted('development', { LOG_FORMAT: 'json' }, true)).toBe(false);
    expect(prettyLogsWanted('production', { LOG_FORMAT: 'pretty' }, false)).toBe(true);
  });
});
