import type { Reservation as ReservationModel } from '@stockgraph/shared';

export const Reservation = {
  sku: (r: ReservationModel) => ({ id: r.sku }),
  location: (r: ReservationModel) => ({ id: r.locationId }),
  backorder: (r: ReservationModel) => r.backorder === true,
};
