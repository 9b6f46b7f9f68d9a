import { contractOperation } from '../../tests/support/contract';

/**
 * The contract operations the benchmarks send, read from the repo's contract/ (storefront,
 * clienteling, partner, operations) as the tests read them: what real clients send is what is measured.
 */
export const PRODUCT_AVAILABILITY = contractOperation('storefront.graphql', 'ProductAvailability');
export const SCAN_BARCODE = contractOperation('clienteling.graphql', 'ScanBarcode');
export const PARTNER_STOCK = contractOperation('partner.graphql', 'PartnerStock');
export const HOLD_CART = contractOperation('storefront.graphql', 'HoldCart');
export const ROUTE_ORDER = contractOperation('operations.graphql', 'RouteOrder');
