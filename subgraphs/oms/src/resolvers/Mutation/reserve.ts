import type { OmsContext } from '../../context';
import type { HoldInput } from '../../holds/HoldService';

export const reserve = (_: unknown, { input }: { input: HoldInput }, ctx: OmsContext) => ctx.holds.reserve(input);
